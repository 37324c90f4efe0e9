package dev.llmux.facade;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * Keeps web pages from using the facade through a visitor's browser (cross-site request forgery and
 * DNS rebinding), for the OpenAI and management endpoints:
 *
 * <ul>
 *   <li>an {@code Origin} header (browsers send it with cross-site requests and with every POST)
 *       must be the request's own origin or one of {@code server.cors.allowed_origins}; else 403
 *       {@code origin_not_allowed};
 *   <li>a request body must be {@code application/json}; else 415 {@code unsupported_media_type} (a
 *       page can send {@code text/plain} or a form without a CORS preflight, but not JSON);
 *   <li>without keys (loopback only, no authentication) the {@code Host} must be a loopback name or
 *       address; else 403 {@code host_not_allowed} (a page whose name was rebound to 127.0.0.1 is
 *       "same origin" with the facade, but its requests carry its own name in {@code Host}).
 * </ul>
 *
 * <p>Browser access for chosen origins: {@code server.cors.allowed_origins} (exact origins such as
 * {@code https://app.example.com}, or {@code *} when keys are configured), served by Jetty's {@link
 * CrossOriginHandler}: it answers preflight requests itself and adds the CORS headers to answers to
 * allowed origins. {@code /health/*} and {@code /metrics} are not guarded (a page cannot read their
 * answers without CORS headers, and probes send no {@code Origin}).
 */
final class BrowserGuard {
  /** Response headers a browser page may read from an allowed origin. */
  static final Set<String> EXPOSED =
      Set.of(
          "x-request-id",
          "x-llmux-call-id",
          "x-llmux-deployment",
          "x-llmux-model-group",
          "x-llmux-attempts",
          "x-llmux-cache-hit",
          "x-llmux-overhead-ms",
          "retry-after");

  private final Set<String> allowedOrigins;
  private final boolean anyOrigin;
  private final boolean loopbackOnly;

  BrowserGuard(ServerConfig config) {
    this.allowedOrigins = config.cors().allowedOrigins();
    this.anyOrigin = allowedOrigins.contains("*");
    this.loopbackOnly = !config.authEnabled();
  }

  /**
   * Jetty's CORS handler around {@code next} when origins are allowed, else {@code next}: it
   * answers preflights (never delivered to the facade) and adds {@code Access-Control-*} headers.
   */
  static Handler wrap(ServerConfig config, Handler next) {
    ServerConfig.Cors cors = config.cors();
    if (cors.allowedOrigins().isEmpty()) {
      return next;
    }
    CrossOriginHandler h = new CrossOriginHandler();
    h.setAllowedOriginPatterns(
        cors.allowedOrigins().contains("*")
            ? Set.of("*")
            : cors.allowedOrigins().stream()
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.toSet()));
    h.setAllowedMethods(Set.of("GET", "HEAD", "POST", "PATCH", "DELETE"));
    // "*" covers every request header except Authorization, which must be named
    h.setAllowedHeaders(Set.of("*", "Authorization"));
    h.setExposedHeaders(EXPOSED);
    h.setAllowCredentials(false); // keys travel in headers, never in cookies
    h.setPreflightMaxAge(cors.maxAge());
    h.setDeliverPreflightRequests(false);
    h.setDeliverNonAllowedOriginRequests(true); // the facade answers them: 403 in its JSON
    h.setHandler(next);
    return h;
  }

  /**
   * Refuses a request from a foreign origin, or (without keys) to a foreign host.
   *
   * @throws ApiErrorException 403 {@code origin_not_allowed} or {@code host_not_allowed}
   */
  void checkOrigin(Exchange ex) {
    HttpFields headers = ex.request.getHeaders();
    String host = headers.get(HttpHeader.HOST);
    if (loopbackOnly && host != null && !isLoopbackHost(host)) {
      throw forbidden(
          "host_not_allowed",
          "This LLMux accepts no API key and serves only loopback clients; requests naming the"
              + " host '"
              + shorten(host)
              + "' are refused (use 127.0.0.1, [::1] or localhost)");
    }
    String origin = headers.get(HttpHeader.ORIGIN);
    if (origin == null || anyOrigin) {
      return;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (allowedOrigins.contains(o) || (host != null && sameOrigin(o, host))) {
      return;
    }
    throw forbidden(
        "origin_not_allowed",
        "Requests from the web origin '"
            + shorten(origin)
            + "' are not allowed; list it in server.cors.allowed_origins to let browser pages"
            + " there call LLMux");
  }

  /**
   * Refuses a body that is not JSON.
   *
   * @throws ApiErrorException 415 {@code unsupported_media_type}
   */
  static void checkJsonBody(Exchange ex) {
    String type = ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null && isJson(type)) {
      return;
    }
    throw new ApiErrorException(
        new ApiError(
            415,
            "invalid_request_error",
            "The request body must be JSON sent with Content-Type: application/json"
                + (type == null ? " (none was given)" : " (got '" + shorten(type) + "')"),
            null,
            "unsupported_media_type",
            null));
  }

  static boolean isJson(String contentType) {
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return media.equalsIgnoreCase("application/json");
  }

  /** Whether origin {@code o} (lower case) names the same host and port as {@code host}. */
  private static boolean sameOrigin(String o, String host) {
    int scheme = o.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    String authority = o.substring(scheme + 3);
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (authority.equals(h)) {
      return true;
    }
    // the default port may be written in one and left out in the other
    String scheme0 = o.substring(0, scheme);
    String port = scheme0.equals("https") ? ":443" : scheme0.equals("http") ? ":80" : null;
    return port != null && (authority.equals(h + port) || (authority + port).equals(h));
  }

  /** {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, with or without a port. */
  static boolean isLoopbackHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    if (!name.startsWith("127.")) {
      return false;
    }
    String[] parts = name.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static ApiErrorException forbidden(String code, String message) {
    return new ApiErrorException(new ApiError(403, "permission_error", message, null, code, null));
  }

  private static String shorten(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  /** The default preflight cache time. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
}
