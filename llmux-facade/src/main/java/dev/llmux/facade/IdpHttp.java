package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * HTTP to the identity provider: its discovery document, its JWK set and its token endpoint. The
 * JDK's client with bounded time (connect 5 s, whole exchange 10 s) and size (1 MiB per answer);
 * redirects are followed except from HTTPS to HTTP. Every failure is an {@link IOException} whose
 * message names the URL and what went wrong (never a token or a secret).
 */
final class IdpHttp {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_BODY = 1 << 20;

  private final HttpClient client;

  IdpHttp() {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The answer of {@code GET url}, which must be 200 with a body of at most 1 MiB. */
  String get(URI url) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(url)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    Answer a = send(r);
    if (a.status() != 200) {
      throw new IOException("GET " + url + " answered " + a.status());
    }
    return a.body();
  }

  /** {@code GET url} as a JSON object. */
  JsonNode getJson(URI url) throws IOException {
    return object(url, get(url));
  }

  /**
   * {@code POST url} of an {@code application/x-www-form-urlencoded} form, with HTTP Basic
   * authentication when {@code basicUser} is not {@code null}; the status and the body (any
   * status).
   */
  Answer postForm(URI url, Map<String, String> form, String basicUser, String basicPassword)
      throws IOException {
    StringJoiner body = new StringJoiner("&");
    for (Map.Entry<String, String> e : form.entrySet()) {
      body.add(encode(e.getKey()) + "=" + encode(e.getValue()));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (basicUser != null) {
      // RFC 6749 section 2.3.1: both parts form-encoded before Base64
      String credentials = encode(basicUser) + ":" + encode(basicPassword);
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return send(b.build());
  }

  /** A status and a body. */
  record Answer(int status, String body) {}

  static JsonNode object(URI url, String body) throws IOException {
    JsonNode n;
    try {
      n = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new IOException(url + " did not answer JSON", e);
    }
    if (n == null || !n.isObject()) {
      throw new IOException(url + " did not answer a JSON object");
    }
    return n;
  }

  private Answer send(HttpRequest r) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(r, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(r.method() + " " + r.uri() + " interrupted", e);
    } catch (IOException e) {
      throw new IOException(r.method() + " " + r.uri() + " failed: " + e, e);
    }
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IOException(r.method() + " " + r.uri() + ": the answer is larger than 1 MiB");
      }
      return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
