package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.facade.UiSessions.Session;
import dev.llmux.facade.UiSessions.UiPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session lifetime, idle time, the bound on their number, and the {@code server.ui} settings. */
class UiSessionsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  UiSessions sessions(String yaml) {
    return new UiSessions(UiSettings.fromJson(yaml(yaml)), clock);
  }

  static JsonNode yaml(String yaml) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readTree(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSessionEndsAfterItsIdleTimeAndItsLifetime() {
    UiSessions s = sessions("{session_max_age: 2h, session_idle_timeout: 30m}");
    Session a = s.create(UiPrincipal.apiKey("sk-llmux-abcdefghijklmnop"), null);
    assertThat(a.id).hasSize(43).isNotEqualTo(a.csrfToken); // 256 bits, base64url
    clock.advance(Duration.ofMinutes(29));
    assertThat(s.find(a.id, null)).isSameAs(a);
    clock.advance(Duration.ofMinutes(29)); // used 29 minutes ago: alive
    assertThat(s.find(a.id, null)).isSameAs(a);
    clock.advance(Duration.ofMinutes(30)); // idle 30 minutes
    assertThat(s.find(a.id, null)).isNull();

    Session b = s.create(UiPrincipal.apiKey("sk-llmux-abcdefghijklmnop"), null);
    for (int i = 0; i < 5; i++) { // used every 20 minutes, never idle...
      clock.advance(Duration.ofMinutes(20));
      assertThat(s.find(b.id, null)).isNotNull();
    }
    clock.advance(Duration.ofMinutes(20)); // ...but 2 h old
    assertThat(s.find(b.id, null)).isNull();
    assertThat(s.size()).isZero();
  }

  @Test
  void beyondMaxSessionsTheLeastRecentlyUsedEnds() {
    UiSessions s = sessions("{max_sessions: 3}");
    Session a = s.create(UiPrincipal.apiKey("k1-0123456789"), null);
    Session b = s.create(UiPrincipal.apiKey("k2-0123456789"), null);
    Session c = s.create(UiPrincipal.apiKey("k3-0123456789"), null);
    clock.advance(Duration.ofSeconds(1));
    assertThat(s.find(a.id, null)).isNotNull(); // a used: b is now the least recently used
    Session d = s.create(UiPrincipal.apiKey("k4-0123456789"), null);
    assertThat(s.held()).isEqualTo(3);
    assertThat(s.find(b.id, null)).isNull();
    assertThat(s.find(a.id, null)).isNotNull();
    assertThat(s.find(c.id, null)).isNotNull();
    assertThat(s.find(d.id, null)).isNotNull();
  }

  @Test
  void sessionsAreBoundToTheirConnectorAndEndAtSignOut() {
    UiSessions s = sessions("{}");
    Session admin = s.create(UiPrincipal.apiKey("sk-0123456789abc"), "admin");
    assertThat(s.find(admin.id, null)).isNull();
    assertThat(s.find(admin.id, "admin")).isSameAs(admin);
    s.remove(admin.id);
    assertThat(s.find(admin.id, "admin")).isNull();
    assertThat(s.find(null, null)).isNull();
    assertThat(s.find("", null)).isNull();
  }

  @Test
  void idsAndTokensAreRandomAndTheCsrfCheckIsExact() {
    UiSessions s = sessions("{max_sessions: 100000}");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Session x = s.create(UiPrincipal.apiKey("sk-0123456789abc"), null);
      assertThat(seen.add(x.id)).isTrue();
      assertThat(seen.add(x.csrfToken)).isTrue();
    }
    Session x = s.create(UiPrincipal.apiKey("sk-0123456789abc"), null);
    assertThat(x.csrfMatches(x.csrfToken)).isTrue();
    assertThat(x.csrfMatches(x.csrfToken + "x")).isFalse();
    assertThat(x.csrfMatches(null)).isFalse();
    assertThat(x.csrfMatches("")).isFalse();
  }

  @Test
  void thePrincipalNeverShowsItsKey() {
    UiPrincipal p = UiPrincipal.apiKey("sk-llmux-SECRETSECRETSECRET1234");
    assertThat(p.name()).isEqualTo("sk-llmux...1234");
    assertThat(p.toString()).doesNotContain("SECRET");
    assertThat(UiPrincipal.apiKey("short").name()).isEqualTo("sho...");
    Session s = sessions("{}").create(p, null);
    assertThat(s.toString()).doesNotContain("SECRET");
  }

  @Test
  void settingsHaveDefaultsAndBadValuesNameTheirKey() {
    UiSettings d = UiSettings.fromJson(null);
    assertThat(d).isEqualTo(UiSettings.defaults());
    assertThat(d.enabled()).isTrue();
    assertThat(d.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
    assertThat(d.sessionIdleTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(d.maxSessions()).isEqualTo(1000);
    assertThat(d.secureCookie()).isEqualTo(UiSettings.SecureCookie.AUTO);
    assertThat(d.sameSite()).isEqualTo("Strict");

    UiSettings u =
        UiSettings.fromJson(
            yaml(
                "{enabled: false, session_max_age: 8h, session_idle_timeout: 15m, max_sessions: 10,"
                    + " secure_cookie: always, same_site: lax}"));
    assertThat(u)
        .isEqualTo(
            new UiSettings(
                false,
                Duration.ofHours(8),
                Duration.ofMinutes(15),
                10,
                UiSettings.SecureCookie.ALWAYS,
                "Lax"));

    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{sesion_max_age: 1h}")))
        .hasMessageStartingWith("server.ui.sesion_max_age: unknown key");
    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{max_sessions: 0}")))
        .hasMessage("server.ui.max_sessions: must be positive, got 0");
    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{session_idle_timeout: soon}")))
        .hasMessageStartingWith("server.ui.session_idle_timeout: expected a duration");
    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{secure_cookie: sometimes}")))
        .hasMessageStartingWith("server.ui.secure_cookie: must be auto, always or never");
    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{same_site: none}")))
        .hasMessageStartingWith("server.ui.same_site: must be strict or lax");
    assertThatThrownBy(() -> UiSettings.fromJson(yaml("{enabled: maybe}")))
        .hasMessageStartingWith("server.ui.enabled: expected true or false");

    // through the server section, as the YAML file is read
    ServerConfig sc =
        ServerConfig.fromJson(
            Json.mapper().valueToTree(java.util.Map.of("ui", java.util.Map.of("max_sessions", 5))),
            java.util.Map.of());
    assertThat(sc.ui().maxSessions()).isEqualTo(5);
    assertThat(ServerConfig.defaults().ui()).isEqualTo(UiSettings.defaults());
  }
}
