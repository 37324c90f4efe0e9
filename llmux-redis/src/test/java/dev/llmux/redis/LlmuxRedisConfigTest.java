package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code redis:} YAML section and routers configured from one file sharing Redis. */
class LlmuxRedisConfigTest {

  private static RouterConfig config(String cacheType, String namespace) {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [m]}
        redis:
          url: ${TEST_REDIS_URL}
          namespace: %s
          timeout: 2s
        cache: {enabled: true, type: %s}
        limits:
          - {scope: user, id: u1, rpm: 2}
        """
            .formatted(namespace, cacheType);
    return ConfigLoader.parse(
        yaml,
        "x.yaml",
        Set.of(LlmuxRedis.SECTION),
        Map.of("TEST_REDIS_URL", RedisTestServer.url()));
  }

  private static ChatCompletionRequest req(String text) {
    return ChatCompletionRequest.of("m", ChatMessage.user(text));
  }

  @Test
  void routersConfiguredFromOneFileShareCacheAndLimits() {
    for (String type : new String[] {"redis", "dual"}) {
      String ns = "yaml-" + type + "-" + System.nanoTime();
      LlmRouter.Builder ba = LlmRouter.builder();
      LlmRouter.Builder bb = LlmRouter.builder();
      try (RedisStores ra = LlmuxRedis.configure(ba, config(type, ns), Map.of(), null);
          RedisStores rb = LlmuxRedis.configure(bb, config(type, ns), Map.of(), null);
          LlmRouter a = ba.build();
          LlmRouter b = bb.build()) {
        assertThat(a.chat(req("same")).cacheHit()).isFalse();
        assertThat(b.chat(req("same")).cacheHit()).as(type).isTrue();
        RequestContext u1 = RequestContext.builder().userId("u1").build();
        a.chat(req("x1"), u1);
        b.chat(req("x2"), u1);
        assertThatThrownBy(() -> a.chat(req("x3"), u1)).isInstanceOf(RateLimitException.class);
      }
    }
  }

  private static RouterConfig roundRobin(String namespace, String distributed) {
    String yaml =
        """
        providers:
          - name: p
            type: scripted
            models:
              - {name: g, model: m, id: a}
              - {name: g, model: m, id: b}
              - {name: g, model: m, id: c}
        redis: {url: "${TEST_REDIS_URL}", namespace: %s, timeout: 2s}
        routing: {strategy: round-robin%s}
        """
            .formatted(namespace, distributed == null ? "" : ", distributed: " + distributed);
    return ConfigLoader.parse(
        yaml,
        "x.yaml",
        Set.of(LlmuxRedis.SECTION),
        Map.of("TEST_REDIS_URL", RedisTestServer.url()));
  }

  private static List<String> alternate(LlmRouter a, LlmRouter b) {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      served.add(
          (i % 2 == 0 ? a : b)
              .chat(ChatCompletionRequest.of("g", ChatMessage.user("rr" + i)))
              .deploymentId());
    }
    return served;
  }

  @Test
  void routingStateIsSharedUnlessRoutingDistributedIsFalse() {
    for (String distributed : new String[] {null, "true", "false"}) {
      String ns = "rr-" + distributed + "-" + System.nanoTime();
      LlmRouter.Builder ba = LlmRouter.builder();
      LlmRouter.Builder bb = LlmRouter.builder();
      try (RedisStores ra = LlmuxRedis.configure(ba, roundRobin(ns, distributed), Map.of(), null);
          RedisStores rb = LlmuxRedis.configure(bb, roundRobin(ns, distributed), Map.of(), null);
          LlmRouter a = ba.build();
          LlmRouter b = bb.build()) {
        if ("false".equals(distributed)) {
          // each router keeps its own position: both start the sequence
          assertThat(alternate(a, b)).containsExactly("a", "a", "b", "b", "c", "c");
        } else {
          assertThat(alternate(a, b))
              .as("distributed: " + distributed)
              .containsExactly("a", "b", "c", "a", "b", "c");
        }
      }
    }
  }

  @Test
  void theCallersGovernanceBuilderGetsTheRedisStores() {
    String ns = "gov-" + System.nanoTime();
    RouterConfig cfg = config("local", ns);
    LlmRouter.Builder ba = LlmRouter.builder();
    LlmRouter.Builder bb = LlmRouter.builder();
    // a policy added by the caller (as the facade adds the database's) is enforced in Redis
    java.util.function.Supplier<GovernanceConfig.Builder> governance =
        () ->
            GovernanceConfig.builder(cfg.governance())
                .policy(
                    (ctx, group) ->
                        ctx.teamId() == null
                            ? List.of()
                            : List.of(
                                new GovernanceRule(
                                    Scope.TEAM,
                                    ctx.teamId(),
                                    null,
                                    null,
                                    RateLimits.NONE.withRpm(3))));
    try (RedisStores ra = LlmuxRedis.settings(cfg.extensions().get("redis"), Map.of()).build();
        RedisStores rb = LlmuxRedis.settings(cfg.extensions().get("redis"), Map.of()).build()) {
      LlmuxRedis.configure(ba, cfg, ra, governance.get());
      LlmuxRedis.configure(bb, cfg, rb, governance.get());
      try (LlmRouter a = ba.build();
          LlmRouter b = bb.build()) {
        RequestContext t = RequestContext.builder().teamId("t1").build();
        a.chat(req("t1"), t);
        b.chat(req("t2"), t);
        a.chat(req("t3"), t);
        assertThatThrownBy(() -> b.chat(req("t4"), t)).isInstanceOf(RateLimitException.class);
        // and the file's own rule is there too, once: 2 rpm for u1 across both
        RequestContext u1 = RequestContext.builder().userId("u1").build();
        a.chat(req("u1"), u1);
        b.chat(req("u2"), u1);
        assertThatThrownBy(() -> a.chat(req("u3"), u1)).isInstanceOf(RateLimitException.class);
      }
    }
  }

  @Test
  void settingsComeFromTheSectionOrFromRedisAddrAndRedisPassword() throws Exception {
    ObjectMapper json = new ObjectMapper();
    RedisURI fromEnv =
        LlmuxRedis.settings(
                null, Map.of("REDIS_ADDR", "cache.internal:6380", "REDIS_PASSWORD", "s3cret"))
            .uri();
    assertThat(fromEnv.getHost()).isEqualTo("cache.internal");
    assertThat(fromEnv.getPort()).isEqualTo(6380);
    assertThat(fromEnv.toURI().toString()).contains("s3cret@");

    RedisURI tls =
        LlmuxRedis.settings(
                json.readTree(
                    "{\"host\": \"r\", \"port\": 7000, \"username\": \"app\", \"password\": \"pw\", \"tls\": true}"),
                Map.of("REDIS_ADDR", "ignored:1"))
            .uri();
    assertThat(tls.getHost()).isEqualTo("r");
    assertThat(tls.getPort()).isEqualTo(7000);
    assertThat(tls.isSsl()).isTrue();
    assertThat(tls.getUsername()).isEqualTo("app");

    RedisURI url =
        LlmuxRedis.settings(json.readTree("{\"url\": \"rediss://u:p@h:6390/2\"}"), Map.of()).uri();
    assertThat(url.isSsl()).isTrue();
    assertThat(url.getDatabase()).isEqualTo(2);

    assertThatThrownBy(() -> LlmuxRedis.settings(json.readTree("{\"hots\": \"x\"}"), Map.of()))
        .hasMessageContaining("redis.hots");
    assertThatThrownBy(
            () -> LlmuxRedis.settings(json.readTree("{\"timeout\": \"soon\"}"), Map.of()))
        .hasMessageContaining("redis.timeout");
    assertThatThrownBy(() -> LlmuxRedis.settings(null, Map.of()).uri())
        .hasMessageContaining("REDIS_ADDR");
    assertThatThrownBy(
            () ->
                LlmuxRedis.settings(json.readTree("{\"host\": \"r\", \"port\": \"x\"}"), Map.of()))
        .hasMessageContaining("redis.port: expected a port");
    assertThatThrownBy(
            () ->
                LlmuxRedis.settings(json.readTree("{\"host\": \"r\", \"tls\": \"yes\"}"), Map.of()))
        .hasMessageContaining("redis.tls: expected true or false");
    assertThatThrownBy(() -> LlmuxRedis.settings(json.readTree("{\"cluster\": [1]}"), Map.of()))
        .hasMessageContaining("redis.cluster: expected a list of node URLs");
    assertThat(
            LlmuxRedis.settings(json.readTree("{\"host\": \"r\", \"port\": \"7001\"}"), Map.of())
                .uri()
                .getPort())
        .isEqualTo(7001);
  }
}
