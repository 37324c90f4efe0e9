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
import io.lettuce.core.RedisURI;
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
  }
}
