package dev.llmux.facade;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check without curl: {@code java -cp llmux-facade.jar
 * dev.llmux.facade.HealthCheck [URL]} exits 0 when {@code URL} (default {@code
 * http://127.0.0.1:4000/health/live}, or {@code LLMUX_HEALTH_URL}) answers 2xx within four seconds,
 * else 1. The image's {@code HEALTHCHECK} runs it, so the runtime image needs nothing but the JRE.
 */
public final class HealthCheck {
  /** The URL checked when neither an argument nor {@code LLMUX_HEALTH_URL} gives one. */
  static final String DEFAULT_URL =
      "http://127.0.0.1:" + ServerConfig.DEFAULT_PORT + HealthEndpoint.LIVE_PATH;

  /** Connect and read timeout: under the image's {@code HEALTHCHECK --timeout=5s}. */
  static final int TIMEOUT_MILLIS = 4000;

  private HealthCheck() {}

  public static void main(String[] args) {
    String env = System.getenv("LLMUX_HEALTH_URL");
    String url = args.length > 0 ? args[0] : env != null && !env.isBlank() ? env : DEFAULT_URL;
    int status = status(url);
    if (status < 200 || status > 299) {
      System.err.println("unhealthy: " + url + (status < 0 ? " does not answer" : " " + status));
      System.exit(1);
    }
  }

  /** The HTTP status {@code url} answers, or -1 when it does not answer within four seconds. */
  static int status(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(TIMEOUT_MILLIS);
      c.setReadTimeout(TIMEOUT_MILLIS);
      c.setInstanceFollowRedirects(false);
      try {
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
          if (in != null) {
            in.readAllBytes();
          }
        }
        return status;
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    }
  }
}
