package dev.llmux.vertex;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.api.Json;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ProviderConfig;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * WireMock for both Vertex AI and the OAuth2 token endpoint, a service-account key, a movable
 * clock.
 */
abstract class VertexTestSupport {
  static final CallOptions OPTIONS =
      new CallOptions(
          Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), "req-1");
  static final String PROJECT = "my-project";
  static final String CLIENT_EMAIL = "llmux@my-project.iam.gserviceaccount.com";
  static final String LOCATION_PATH = "/v1/projects/" + PROJECT + "/locations/us-central1";
  private static final String PRIVATE_KEY_PEM = privateKeyPem();

  static WireMockServer wm;

  @BeforeAll
  static void startWireMock() {
    wm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(false));
    wm.start();
  }

  @AfterAll
  static void stopWireMock() {
    wm.stop();
  }

  @BeforeEach
  void resetWireMock() {
    wm.resetAll();
  }

  /** A service-account key whose token_uri is the WireMock token endpoint. */
  static String serviceAccountJson() {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("type", "service_account");
    key.put("project_id", PROJECT);
    key.put("private_key_id", "0123456789abcdef");
    key.put("private_key", PRIVATE_KEY_PEM);
    key.put("client_email", CLIENT_EMAIL);
    key.put("client_id", "100000000000000000001");
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", wm.baseUrl() + "/token");
    return Json.write(key);
  }

  static ProviderConfig config(Map<String, Object> extra) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("credentials", serviceAccountJson());
    s.putAll(extra);
    return new ProviderConfig("gcp", "vertex_ai", null, wm.baseUrl(), s);
  }

  static VertexProvider vertex(Clock clock) {
    return VertexProviderFactory.create(config(Map.of()), clock);
  }

  static VertexProvider vertex() {
    return vertex(Clock.systemUTC());
  }

  static String tokenAnswer(String token, int expiresIn) {
    return "{\"access_token\":\""
        + token
        + "\",\"expires_in\":"
        + expiresIn
        + ",\"token_type\":\"Bearer\"}";
  }

  private static String privateKeyPem() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      String b64 =
          Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPrivate().getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A clock tests move forward. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
