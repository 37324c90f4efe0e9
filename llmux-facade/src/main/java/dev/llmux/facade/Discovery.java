package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An OpenID provider's metadata, from {@code <issuer>/.well-known/openid-configuration}: fetched on
 * first use (not at start, so a provider that is down does not stop the facade), kept for an hour,
 * and kept longer while a new fetch fails. The document's {@code issuer} must be the configured one
 * (OpenID Connect Discovery 1.0, section 4.3). After a failed fetch the next try waits {@code
 * retryInterval}, so a provider that is down is not asked once per request.
 */
final class Discovery {
  static final Duration TTL = Duration.ofHours(1);

  /**
   * What LLMux uses of the document.
   *
   * @param authorizationEndpoint where the browser signs in ({@code null} when not offered)
   * @param tokenEndpoint where the code is exchanged ({@code null} when not offered)
   * @param jwksUri the signing keys
   * @param endSessionEndpoint RP-initiated logout, or {@code null}
   * @param secretPost whether the client secret goes in the form ({@code client_secret_post})
   *     rather than HTTP Basic ({@code client_secret_basic}, the default)
   */
  record Metadata(
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI jwksUri,
      URI endSessionEndpoint,
      boolean secretPost) {}

  private final String issuer;
  private final URI url;
  private final IdpHttp http;
  private final Clock clock;
  private final Duration retryInterval;
  private volatile Metadata metadata;
  private Instant fetchedAt = Instant.MIN;
  private Instant lastFailure = Instant.MIN;
  private IOException lastError;

  Discovery(String issuer, IdpHttp http, Clock clock, Duration retryInterval) {
    this.issuer = issuer;
    this.url = AuthConfig.discoveryUrl(issuer);
    this.http = http;
    this.clock = clock;
    this.retryInterval = retryInterval;
  }

  /**
   * The metadata.
   *
   * @throws IOException when it was never fetched and cannot be now (or the last try failed less
   *     than {@code retryInterval} ago)
   */
  Metadata get() throws IOException {
    Metadata m = metadata;
    if (m != null && clock.instant().isBefore(fetchedAtPlusTtl())) {
      return m;
    }
    return fetch();
  }

  private synchronized Instant fetchedAtPlusTtl() {
    return fetchedAt.plus(TTL);
  }

  private synchronized Metadata fetch() throws IOException {
    Instant now = clock.instant();
    if (metadata != null && now.isBefore(fetchedAt.plus(TTL))) {
      return metadata; // another thread fetched it
    }
    if (lastError != null && now.isBefore(lastFailure.plus(retryInterval))) {
      if (metadata != null) {
        return metadata;
      }
      throw lastError;
    }
    try {
      Metadata m = parse(http.getJson(url));
      metadata = m;
      fetchedAt = now;
      lastError = null;
      return m;
    } catch (IOException e) {
      lastFailure = now;
      lastError = e;
      if (metadata != null) {
        return metadata; // keep serving what we had
      }
      throw e;
    }
  }

  private Metadata parse(JsonNode doc) throws IOException {
    String iss = doc.path("issuer").asText("");
    if (!iss.equals(issuer)) {
      throw new IOException(
          url + ": its issuer '" + iss + "' is not the configured issuer '" + issuer + "'");
    }
    URI jwks = uri(doc, "jwks_uri");
    if (jwks == null) {
      throw new IOException(url + " has no jwks_uri");
    }
    boolean post = false;
    JsonNode methods = doc.get("token_endpoint_auth_methods_supported");
    if (methods != null && methods.isArray()) {
      boolean basic = false;
      for (JsonNode x : methods) {
        basic |= x.asText().equals("client_secret_basic");
        post |= x.asText().equals("client_secret_post");
      }
      post = post && !basic;
    }
    return new Metadata(
        uri(doc, "authorization_endpoint"),
        uri(doc, "token_endpoint"),
        jwks,
        uri(doc, "end_session_endpoint"),
        post);
  }

  private URI uri(JsonNode doc, String field) throws IOException {
    JsonNode v = doc.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      return null;
    }
    try {
      URI u = new URI(v.textValue());
      String scheme = u.getScheme();
      if (u.getHost() == null
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
        throw new IOException(url + ": " + field + " is not an http(s) URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IOException(url + ": " + field + " is not a URL", e);
    }
  }
}
