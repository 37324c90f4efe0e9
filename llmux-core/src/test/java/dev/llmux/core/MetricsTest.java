package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.config.RetryConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final FakeTime time = new FakeTime();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static Supplier<LlmException> error503() {
    return () -> new UpstreamServerException("down", 503, null);
  }

  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hello"));
  }

  @Test
  void recordsGenAiAndLlmuxMetersWithBoundedTags() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script("a", error503(), error503(), error503())
            .script(
                "x",
                () -> new RateLimitException("slow down", null, 429, null),
                () -> new RateLimitException("slow down", null, 429, null));
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .random(new SplittableRandom(3))
            .meterRegistry(registry)
            .provider(p)
            .retry(RetryConfig.custom().numRetries(1).build())
            .deployment(
                Deployment.builder("g", "p")
                    .model("a")
                    .id("dep-a")
                    .inputCostPerToken(1e-6)
                    .outputCostPerToken(1e-6)
                    .build())
            .deployment(
                Deployment.builder("fb", "p")
                    .model("b")
                    .id("dep-b")
                    .inputCostPerToken(1e-6)
                    .outputCostPerToken(2e-6)
                    .build())
            .deployment(Deployment.builder("x", "p").model("x").id("dep-x").build())
            .fallbacks("g", List.of("fb"))
            .build()) {
      // g: 503, retry 503 -> fall back to fb, which serves
      RouteResult<?> r =
          router.chat(
              req("g"), RequestContext.builder().userId("user-123").keyId("sk-secret").build());
      assertThat(r.deploymentId()).isEqualTo("dep-b");
      try (ChatStream s = router.stream(req("fb"))) {
        s.forEachRemaining(c -> {});
      }
      assertThatThrownBy(() -> router.chat(req("x"))).isInstanceOf(RateLimitException.class);
      router.control().coolDown("dep-a", Duration.ofSeconds(10), "test");

      assertThat(
              registry
                  .get("gen_ai.client.operation.duration")
                  .tags(
                      "gen_ai.operation.name",
                      "chat",
                      "gen_ai.request.model",
                      "fb",
                      "gen_ai.response.model",
                      "b",
                      "gen_ai.provider.name",
                      "scripted",
                      "error.type",
                      "none")
                  .timer()
                  .count())
          .isEqualTo(2);
      assertThat(
              registry
                  .get("gen_ai.client.operation.duration")
                  .tags("error.type", "rate_limit")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("gen_ai.client.token.usage")
                  .tags("gen_ai.token.type", "input", "gen_ai.request.model", "fb")
                  .summary()
                  .totalAmount())
          .isEqualTo(10 + 7);
      assertThat(
              registry
                  .get("gen_ai.client.token.usage")
                  .tags("gen_ai.token.type", "output", "gen_ai.request.model", "fb")
                  .summary()
                  .totalAmount())
          .isEqualTo(5 + 2);
      assertThat(
              registry
                  .get("llmux.requests")
                  .tags("model_group", "fb", "outcome", "success")
                  .counter()
                  .count())
          .isEqualTo(2);
      assertThat(
              registry
                  .get("llmux.requests")
                  .tags("model_group", "x", "outcome", "rate_limit")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("llmux.attempts")
                  .tags("deployment", "dep-a", "outcome", "server_error")
                  .counter()
                  .count())
          .isEqualTo(2);
      assertThat(
              registry
                  .get("llmux.attempts")
                  .tags("deployment", "dep-b", "provider", "p", "outcome", "success")
                  .counter()
                  .count())
          .isEqualTo(2);
      assertThat(registry.get("llmux.retries").tags("model_group", "g").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("llmux.retries").tags("model_group", "x").counter().count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("llmux.fallbacks")
                  .tags("model_group", "g", "fallback_group", "fb", "reason", "server_error")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("llmux.cooldowns")
                  .tags("deployment", "dep-a", "reason", "manual")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry.get("llmux.time_to_first_token").tags("deployment", "dep-b").timer().count())
          .isEqualTo(1);
      assertThat(registry.get("llmux.router.overhead").tags("model_group", "fb").timer().count())
          .isEqualTo(2);
      assertThat(registry.get("llmux.in_flight").tags("deployment", "dep-b").gauge().value())
          .isZero();
      assertThat(registry.get("llmux.cost").tags("deployment", "dep-b").counter().count())
          .isEqualTo(
              10 * 1e-6 + 5 * 2e-6 + 7 * 1e-6 + 2 * 2e-6,
              org.assertj.core.api.Assertions.within(1e-12));

      // bounded tags only: never users, keys or request ids
      Set<String> tagKeys =
          registry.getMeters().stream()
              .flatMap(m -> m.getId().getTags().stream())
              .map(t -> t.getKey())
              .collect(Collectors.toSet());
      assertThat(tagKeys)
          .containsOnly(
              "gen_ai.operation.name",
              "gen_ai.request.model",
              "gen_ai.response.model",
              "gen_ai.provider.name",
              "error.type",
              "gen_ai.token.type",
              "operation",
              "model_group",
              "outcome",
              "deployment",
              "provider",
              "fallback_group",
              "reason");
      Set<String> values =
          registry.getMeters().stream()
              .flatMap(m -> m.getId().getTags().stream())
              .map(t -> t.getValue())
              .collect(Collectors.toSet());
      assertThat(values).doesNotContain("user-123", "sk-secret");
      assertThat(
              registry.getMeters().stream()
                  .map(Meter::getId)
                  .map(Meter.Id::getName)
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(
              "gen_ai.client.operation.duration",
              "gen_ai.client.token.usage",
              "llmux.requests",
              "llmux.attempts",
              "llmux.retries",
              "llmux.fallbacks",
              "llmux.cooldowns",
              "llmux.time_to_first_token",
              "llmux.router.overhead",
              "llmux.in_flight",
              "llmux.cost");
    }
  }

  @Test
  void noRegistryMeansNoMeters() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(p)
            .deployment(Deployment.builder("g", "p").model("a").build())
            .build()) {
      router.chat(req("g"));
      assertThat(router.control().deploymentStates().get(0).rpmUsed()).isEqualTo(1);
    }
  }
}
