package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.RouterClosedException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.config.TimeoutConfig;
import dev.llmux.core.spi.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LlmRouterTest {
  private final FakeTime time = new FakeTime();

  private static Supplier<LlmException> status(int code) {
    return () ->
        code == 429
            ? new RateLimitException("slow down", null, 429, null)
            : code == 400
                ? new BadRequestException("bad", null, null, 400, 400, null)
                : code == 401
                    ? new AuthenticationException("no key", null, 401, null)
                    : new UpstreamServerException("upstream " + code, code, null);
  }

  private LlmRouter.Builder base(ScriptedProvider... providers) {
    LlmRouter.Builder b =
        LlmRouter.builder().clock(time).ticker(time).sleeper(time).random(new SplittableRandom(42));
    for (ScriptedProvider p : providers) {
      b.provider(p);
    }
    return b;
  }

  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hello"));
  }

  @Test
  void weightedShuffleFollowsWeights() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").weight(1.0).build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").weight(3.0).build())
            .build()) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 10_000; i++) {
        counts.merge(router.chat(req("g")).deploymentId(), 1, Integer::sum);
      }
      assertThat(counts.get("b") / 10_000.0).isCloseTo(0.75, within(0.02));
    }
  }

  @Test
  void shuffleFallsBackToRpmThenUniform() {
    ScriptedProvider p = new ScriptedProvider("p");
    // 10,000 calls in one (fake) minute: rpm serves as a weight here, not as a limit
    try (LlmRouter router =
        base(p)
            .routing(RoutingConfig.custom().enforceDeploymentLimits(false).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").rpm(100).build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").rpm(900).build())
            .deployment(Deployment.builder("u", "p").model("c").id("c").build())
            .deployment(Deployment.builder("u", "p").model("d").id("d").build())
            .build()) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 10_000; i++) {
        counts.merge(router.chat(req("g")).deploymentId(), 1, Integer::sum);
        counts.merge(router.chat(req("u")).deploymentId(), 1, Integer::sum);
      }
      assertThat(counts.get("b") / 10_000.0).isCloseTo(0.9, within(0.02));
      assertThat(counts.get("c") / 10_000.0).isCloseTo(0.5, within(0.02));
    }
  }

  @Test
  void roundRobinTakesTurns() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .strategy("round-robin")
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .deployment(Deployment.builder("g", "p").model("c").id("c").build())
            .build()) {
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        order.add(router.chat(req("g")).deploymentId());
      }
      assertThat(order).containsExactly("a", "b", "c", "a", "b", "c");
    }
  }

  @Test
  void retriesServerErrorsWithBackoffUntilSuccess() {
    ScriptedProvider p = new ScriptedProvider("p").script("m", status(503), status(503), null);
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("m").build()).build()) {
      RouteResult<ChatCompletionResponse> r = router.chat(req("g"));
      assertThat(r.attempts()).hasSize(3);
      assertThat(r.attempts().get(0).error()).isInstanceOf(UpstreamServerException.class);
      assertThat(r.attempts().get(2).succeeded()).isTrue();
      assertThat(p.callsTo("m")).isEqualTo(3);
      // exponential backoff with jitter: first wait in [250ms, 500ms), second in [500ms, 1s)
      assertThat(time.sleeps).hasSize(2);
      assertThat(time.sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(time.sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
  }

  @Test
  void badRequestMakesExactlyOneAttempt() {
    ScriptedProvider p =
        new ScriptedProvider("p").script("a", status(400)).script("b", status(400));
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .fallbacks("g", List.of("other"))
            .deployment(Deployment.builder("other", "p").model("o").id("o").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(BadRequestException.class);
      assertThat(p.calls).hasSize(1);
      assertThat(p.callsTo("o")).isZero();
    }
  }

  @Test
  void rateLimitCoolsDownAndRetryGoesToTheOther() {
    ScriptedProvider p = new ScriptedProvider("p").script("a", status(429));
    try (LlmRouter router =
        base(p)
            .strategy("round-robin")
            .cooldown(CooldownConfig.custom().cooldownTime(Duration.ofSeconds(30)).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      RouteResult<ChatCompletionResponse> r = router.chat(req("g"));
      assertThat(r.attempts()).extracting(Attempt::deploymentId).containsExactly("a", "b");
      assertThat(r.deploymentId()).isEqualTo("b");
      assertThat(time.sleeps).isEmpty(); // switching to another deployment needs no wait
      // a is cooling down: the next calls all go to b
      for (int i = 0; i < 5; i++) {
        assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
      }
      time.advance(Duration.ofSeconds(31));
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        after.add(router.chat(req("g")).deploymentId());
      }
      assertThat(after).contains("a");
    }
  }

  @Test
  void cooldownEndsExactlyOnTime() {
    ScriptedProvider p = new ScriptedProvider("p").script("a", status(429));
    try (LlmRouter router =
        base(p)
            .strategy("round-robin")
            .cooldown(CooldownConfig.custom().cooldownTime(Duration.ofSeconds(10)).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      router.chat(req("g"));
      time.advance(Duration.ofMillis(9_999));
      for (int i = 0; i < 4; i++) {
        assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
      }
      time.advance(Duration.ofMillis(1));
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        after.add(router.chat(req("g")).deploymentId());
      }
      assertThat(after).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void allCoolingDownGivesNoHealthyDeploymentWithWhenFirstReturns() {
    ScriptedProvider p =
        new ScriptedProvider("p").script("a", status(429)).script("b", status(429));
    try (LlmRouter router =
        base(p)
            .cooldown(CooldownConfig.custom().cooldownTime(Duration.ofSeconds(20)).build())
            .retry(RetryConfig.custom().numRetries(1).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(RateLimitException.class);
      time.advance(Duration.ofSeconds(5));
      assertThatThrownBy(() -> router.chat(req("g")))
          .isInstanceOfSatisfying(
              NoHealthyDeploymentException.class,
              e -> {
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15));
                assertThat(e.httpStatus()).isEqualTo(503);
                assertThat(e.getMessage()).contains("'g'").contains("2026-01-01T00:00:20Z");
              });
    }
  }

  @Test
  void singleDeploymentIsNotCooledDownByALoneFailure() {
    ScriptedProvider p = new ScriptedProvider("p").script("a", status(429), status(401));
    try (LlmRouter router =
        base(p)
            .retry(RetryConfig.custom().numRetries(0).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(RateLimitException.class);
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(AuthenticationException.class);
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("a");
    }
  }

  @Test
  void aSingleDeploymentIsNeverCooledDownAndIsRetriedWithBackoff() {
    // an upstream blip: six failures in a row, then answers again
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script(
                "a",
                status(500),
                status(503),
                status(500),
                status(429),
                status(500),
                status(500),
                null);
    try (LlmRouter router =
        base(p)
            .retry(
                RetryConfig.custom()
                    .numRetries(1)
                    .backoffInitial(Duration.ofMillis(100))
                    .backoffMax(Duration.ofSeconds(1))
                    .build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(1)
                    .failureThreshold(0.5)
                    .failureMinCalls(2)
                    .failureWindow(Duration.ofSeconds(60))
                    .build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .build()) {
      for (int i = 0; i < 3; i++) {
        // two failed attempts each (a retry on the same deployment, after a backoff), far beyond
        // allowed_fails and the failure rate: still no cooldown, the upstream's error comes back
        assertThatThrownBy(() -> router.chat(req("g")))
            .isInstanceOf(LlmException.class)
            .isNotInstanceOf(NoHealthyDeploymentException.class);
        assertThat(router.control().deploymentState("a").orElseThrow().healthy()).isTrue();
      }
      assertThat(time.sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isPositive());
      // the upstream is back: served at once, no 503 for cooldown_time
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("a");
      assertThat(p.callsTo("a")).isEqualTo(7);
      // a cooldown by hand still applies
      router.control().coolDown("a", Duration.ofSeconds(5), "maintenance");
      assertThatThrownBy(() -> router.chat(req("g")))
          .isInstanceOf(NoHealthyDeploymentException.class);
    }
  }

  @Test
  void theSameFailuresCoolDownADeploymentThatHasSiblings() {
    ScriptedProvider p =
        new ScriptedProvider("p").script("a", status(500), status(500)).script("b", null, null);
    try (LlmRouter router =
        base(p)
            .strategy("round-robin")
            .retry(RetryConfig.custom().numRetries(0).build())
            .fallback(FallbackConfig.custom().enabled(false).build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(1)
                    .cooldownTime(Duration.ofSeconds(5))
                    .failureWindow(Duration.ofSeconds(60))
                    .build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(UpstreamServerException.class);
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
      assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(UpstreamServerException.class);
      DeploymentState a = router.control().deploymentState("a").orElseThrow();
      assertThat(a.healthy()).isFalse();
      assertThat(a.cooldownUntil()).isEqualTo(time.instant().plusSeconds(5));
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
    }
  }

  @Test
  void retryAfterIsHonouredUpToTheCap() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script(
                "a", () -> new RateLimitException("wait", Duration.ofSeconds(2), 429, null), null)
            .script(
                "b",
                () -> new RateLimitException("wait long", Duration.ofSeconds(120), 429, null),
                null);
    try (LlmRouter router =
        base(p)
            .retry(RetryConfig.custom().retryAfterMax(Duration.ofSeconds(30)).build())
            .deployment(Deployment.builder("ga", "p").model("a").id("a").build())
            .deployment(Deployment.builder("gb", "p").model("b").id("b").build())
            .build()) {
      assertThat(router.chat(req("ga")).attempts()).hasSize(2);
      assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
      assertThatThrownBy(() -> router.chat(req("gb"))).isInstanceOf(RateLimitException.class);
      assertThat(p.callsTo("b")).isEqualTo(1);
    }
  }

  @Test
  void retriesAreBoundedByNumRetriesAndRetryPolicy() {
    ScriptedProvider p = new ScriptedProvider("p");
    for (int i = 0; i < 10; i++) {
      p.script("a", status(500));
      p.script("b", () -> new ConnectionException("reset", null));
    }
    try (LlmRouter router =
        base(p)
            .retry(RetryConfig.custom().numRetries(3).retryPolicy("connection", 1).build())
            .cooldown(CooldownConfig.custom().allowedFails(100).build())
            .deployment(Deployment.builder("ga", "p").model("a").id("a").build())
            .deployment(Deployment.builder("gb", "p").model("b").id("b").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("ga"))).isInstanceOf(UpstreamServerException.class);
      assertThat(p.callsTo("a")).isEqualTo(4);
      assertThatThrownBy(() -> router.chat(req("gb"))).isInstanceOf(ConnectionException.class);
      assertThat(p.callsTo("b")).isEqualTo(2);
    }
  }

  @Test
  void fallbackChainIsFollowedInOrderUpToTheDepthLimit() {
    ScriptedProvider p = new ScriptedProvider("p");
    for (String m : List.of("a", "b", "c", "d")) {
      p.script(m, status(500));
    }
    try (LlmRouter router =
        base(p)
            .retry(RetryConfig.custom().numRetries(0).build())
            .fallback(FallbackConfig.custom().maxFallbacks(2).build())
            .deployment(Deployment.builder("A", "p").model("a").build())
            .deployment(Deployment.builder("B", "p").model("b").build())
            .deployment(Deployment.builder("C", "p").model("c").build())
            .deployment(Deployment.builder("D", "p").model("d").build())
            .fallbacks("A", List.of("B"))
            .fallbacks("B", List.of("C", "A"))
            .fallbacks("C", List.of("D"))
            .build()) {
      assertThatThrownBy(() -> router.chat(req("A"))).isInstanceOf(UpstreamServerException.class);
      assertThat(p.calls).extracting(ScriptedProvider.Call::model).containsExactly("a", "b", "c");
    }
  }

  @Test
  void fallbackServesAndResultSaysSo() {
    ScriptedProvider p =
        new ScriptedProvider("p").script("a", status(500), status(500), status(500));
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("A", "p").model("a").build())
            .deployment(Deployment.builder("B", "p").model("b").build())
            .fallbacks("A", List.of("B"))
            .build()) {
      RouteResult<ChatCompletionResponse> r = router.chat(req("A"));
      assertThat(r.modelGroup()).isEqualTo("B");
      assertThat(r.requestedModel()).isEqualTo("A");
      assertThat(r.fellBack()).isTrue();
      assertThat(r.attempts()).extracting(Attempt::modelGroup).containsExactly("A", "A", "A", "B");
      // fallbacks can be switched off per request
      p.script("a", status(500), status(500), status(500));
      RequestContext noFallback = RequestContext.builder().fallbacksEnabled(false).build();
      assertThatThrownBy(() -> router.chat(req("A"), noFallback))
          .isInstanceOf(UpstreamServerException.class);
    }
  }

  @Test
  void contextWindowErrorsUseContextWindowFallbacks() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script("small", () -> new ContextWindowExceededException("too long"));
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("small", "p").build())
            .deployment(Deployment.builder("big", "p").build())
            .deployment(Deployment.builder("generic", "p").build())
            .fallback(
                FallbackConfig.custom()
                    .fallbacks("small", List.of("generic"))
                    .contextWindowFallbacks("small", List.of("big"))
                    .build())
            .build()) {
      RouteResult<ChatCompletionResponse> r = router.chat(req("small"));
      assertThat(r.modelGroup()).isEqualTo("big");
      assertThat(r.attempts()).hasSize(2);
    }
  }

  @Test
  void streamThatFailsBeforeFirstChunkFallsOver() {
    ScriptedProvider p = new ScriptedProvider("p").script("a", status(503));
    try (LlmRouter router =
            base(p)
                .strategy("round-robin")
                .deployment(Deployment.builder("g", "p").model("a").id("a").build())
                .deployment(Deployment.builder("g", "p").model("b").id("b").build())
                .build();
        ChatStream s = router.stream(req("g"))) {
      StringBuilder text = new StringBuilder();
      for (ChatCompletionChunk c : s) {
        if (!c.choices().isEmpty() && c.choices().get(0).delta().content() != null) {
          text.append(c.choices().get(0).delta().content());
        }
      }
      assertThat(text).hasToString("ab");
      assertThat(s.result().deploymentId()).isEqualTo("b");
      assertThat(s.result().attempts()).hasSize(2);
      assertThat(s.result().usage().promptTokens()).isEqualTo(7);
    }
  }

  @Test
  void streamErrorBeforeAnyChunkAlsoRetries() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript(
                "a",
                new ScriptedProvider.StreamScript(
                    List.of(), false, new ConnectionException("reset", null)));
    // the role chunk comes first in the script, so make the error come before it: use an empty-text
    // script whose first event is the error by scripting the step instead
    p.script("a", () -> new ConnectionException("refused", null));
    try (LlmRouter router =
            base(p).deployment(Deployment.builder("g", "p").model("a").build()).build();
        ChatStream s = router.stream(req("g"))) {
      assertThat(s.hasNext()).isTrue();
      assertThat(s.result().attempts()).hasSize(2);
    }
  }

  @Test
  void streamThatFailsAfterFirstChunkSurfacesTheError() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript(
                "a",
                new ScriptedProvider.StreamScript(
                    List.of("x"),
                    false,
                    new UpstreamServerException("boom mid-stream", 500, null)));
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("other", "p").model("o").build())
            .fallbacks("g", List.of("other"))
            .build()) {
      ChatStream s = router.stream(req("g"));
      List<ChatCompletionChunk> seen = new ArrayList<>();
      assertThatThrownBy(
              () -> {
                while (s.hasNext()) {
                  seen.add(s.next());
                }
              })
          .isInstanceOf(UpstreamServerException.class)
          .hasMessageContaining("boom mid-stream");
      assertThat(seen).hasSize(2); // role + "x"
      assertThat(s.isDone()).isTrue();
      assertThat(s.hasNext()).isFalse();
      assertThat(p.callsTo("o")).isZero();
      s.close();
    }
  }

  @Test
  void usageChunkIsStrippedUnlessAskedAndSynthesizedWhenMissing() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript("a", new ScriptedProvider.StreamScript(List.of("x"), true, null))
            .streamScript(
                "a", new ScriptedProvider.StreamScript(List.of("hello world"), false, null));
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("a").build()).build()) {
      List<ChatCompletionChunk> plain = new ArrayList<>();
      try (ChatStream s = router.stream(req("g"))) {
        s.forEachRemaining(plain::add);
        assertThat(s.result().usage().completionTokens()).isEqualTo(1);
      }
      assertThat(plain).noneMatch(c -> c.usage() != null);
      ChatCompletionRequest withUsage =
          req("g").toBuilder().streamOptions(StreamOptions.withUsage()).build();
      List<ChatCompletionChunk> asked = new ArrayList<>();
      try (ChatStream s = router.stream(withUsage)) {
        s.forEachRemaining(asked::add);
      }
      ChatCompletionChunk last = asked.get(asked.size() - 1);
      assertThat(last.isUsageOnly()).isTrue();
      assertThat(last.usage().completionTokens())
          .isEqualTo(3); // "hello world" = 11 chars ~ 3 tokens
    }
  }

  @Test
  void closingAStreamEarlyClosesTheUpstream() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("a").build()).build()) {
      ChatStream s = router.stream(req("g"));
      s.next();
      s.close();
      s.close();
      assertThat(s.isDone()).isTrue();
      assertThat(s.hasNext()).isFalse();
    }
  }

  @Test
  void callbackStreamDeliversChunksThenCompletion() throws Exception {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("a").build()).build()) {
      List<ChatCompletionChunk> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<RouteResult<Void>> done = new CompletableFuture<>();
      router.stream(
          req("g"),
          RequestContext.EMPTY,
          new StreamListener() {
            @Override
            public void onChunk(ChatCompletionChunk chunk) {
              chunks.add(chunk);
            }

            @Override
            public void onComplete(RouteResult<Void> result) {
              done.complete(result);
            }

            @Override
            public void onError(LlmException error) {
              done.completeExceptionally(error);
            }
          });
      RouteResult<Void> r = done.get(10, TimeUnit.SECONDS);
      assertThat(chunks).hasSize(4); // role, a, b, finish
      assertThat(r.deploymentId()).isEqualTo("p/a");
      assertThat(
              router
                  .chatAsync(req("g"), RequestContext.EMPTY)
                  .get(10, TimeUnit.SECONDS)
                  .deploymentId())
          .isEqualTo("p/a");
    }
  }

  @Test
  void unknownFieldsAndTheUpstreamModelReachTheProvider() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("real-model").build()).build()) {
      ChatCompletionRequest r =
          req("g").toBuilder().extra("foo_bar", Map.of("x", 1)).stream(true).build();
      router.chat(r);
      ChatCompletionRequest sent = (ChatCompletionRequest) p.calls.get(0).request();
      assertThat(sent.model()).isEqualTo("real-model");
      assertThat(sent.extra()).containsEntry("foo_bar", Map.of("x", 1));
      assertThat(sent.stream()).isNull();
    }
  }

  @Test
  void resolvesAliasesWildcardsAndProviderSlashModel() {
    ScriptedProvider openai = new ScriptedProvider("openai");
    ScriptedProvider other = new ScriptedProvider("other");
    try (LlmRouter router =
        base(openai, other)
            .deployment(Deployment.builder("gpt-4o", "openai").build())
            .deployment(Deployment.builder("openai/*", "openai").id("openai-wild").build())
            .alias("fast", "gpt-4o")
            .build()) {
      assertThat(router.chat(req("fast")).modelGroup()).isEqualTo("gpt-4o");
      RouteResult<ChatCompletionResponse> w = router.chat(req("openai/gpt-4.1-mini"));
      assertThat(w.modelGroup()).isEqualTo("openai/*");
      assertThat(openai.calls.get(1).model()).isEqualTo("gpt-4.1-mini");
      RouteResult<ChatCompletionResponse> direct = router.chat(req("other/some-model"));
      assertThat(direct.provider()).isEqualTo("other");
      assertThat(other.calls.get(0).model()).isEqualTo("some-model");
      assertThatThrownBy(() -> router.chat(req("nope")))
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.code()).isEqualTo("model_not_found");
              });
      assertThat(router.models().data()).extracting(m -> m.id()).containsExactly("gpt-4o", "fast");
    }
  }

  @Test
  void priorityTiersServeLowerOrderFirst() {
    ScriptedProvider p = new ScriptedProvider("p").script("primary", status(429));
    try (LlmRouter router =
        base(p)
            .deployment(
                Deployment.builder("g", "p").model("primary").id("primary").order(1).build())
            .deployment(Deployment.builder("g", "p").model("backup").id("backup").order(2).build())
            .build()) {
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("backup"); // primary cooled by 429
      time.advance(Duration.ofSeconds(6));
      for (int i = 0; i < 5; i++) {
        assertThat(router.chat(req("g")).deploymentId()).isEqualTo("primary");
      }
    }
  }

  @Test
  void interceptorsWrapInOrderAndMayRewrite() {
    ScriptedProvider p = new ScriptedProvider("p");
    List<String> trace = new ArrayList<>();
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").build())
            .deployment(Deployment.builder("h", "p").model("b").build())
            .interceptor(
                new Interceptor() {
                  @Override
                  public RouteResult<ChatCompletionResponse> interceptChat(
                      Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
                    trace.add("outer");
                    return chain.proceed(chain.request().withModel("h"), chain.context());
                  }
                })
            .interceptor(
                new Interceptor() {
                  @Override
                  public RouteResult<ChatCompletionResponse> interceptChat(
                      Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
                    trace.add("inner:" + chain.request().model());
                    return chain.proceed(chain.request(), chain.context());
                  }
                })
            .build()) {
      assertThat(router.chat(req("g")).modelGroup()).isEqualTo("h");
      assertThat(trace).containsExactly("outer", "inner:h");
    }
  }

  @Test
  void embeddingsAreRoutedAndTimeoutsComeFromDeploymentThenRouter() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .timeouts(
                TimeoutConfig.custom()
                    .timeout(Duration.ofSeconds(30))
                    .firstChunkTimeout(Duration.ofSeconds(5))
                    .build())
            .deployment(
                Deployment.builder("emb", "p").model("e").timeout(Duration.ofSeconds(7)).build())
            .deployment(Deployment.builder("g", "p").model("a").build())
            .build()) {
      assertThat(router.embed(EmbeddingRequest.of("emb", "hi")).response().data()).hasSize(1);
      assertThat(p.calls.get(0).options().timeout()).isEqualTo(Duration.ofSeconds(7));
      router.chat(
          req("g"),
          RequestContext.builder().timeout(Duration.ofSeconds(3)).requestId("rid-1").build());
      assertThat(p.calls.get(1).options().timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(p.calls.get(1).options().firstChunkTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(p.calls.get(1).options().requestId()).isEqualTo("rid-1");
    }
  }

  @Test
  void builderFailsFastAndCloseClosesProviders() {
    ScriptedProvider p = new ScriptedProvider("p");
    assertThatThrownBy(() -> LlmRouter.builder().build())
        .hasMessageContaining("at least one deployment");
    assertThatThrownBy(() -> base(p).deployment(Deployment.builder("g", "missing").build()).build())
        .hasMessageContaining("provider 'missing'");
    assertThatThrownBy(
            () ->
                base(new ScriptedProvider("q"))
                    .strategy("fastest")
                    .deployment(Deployment.builder("g", "q").build())
                    .build())
        .hasMessageContaining("unknown routing strategy 'fastest'");
    ScriptedProvider q = new ScriptedProvider("z");
    LlmRouter router = base(q).deployment(Deployment.builder("g", "z").build()).build();
    router.close();
    assertThat(q.closed).isTrue();
    assertThatThrownBy(() -> router.chat(req("g"))).isInstanceOf(RouterClosedException.class);
  }

  @Test
  void aClosedRouterRefusesEveryOperationWithRouterClosed() {
    ScriptedProvider p = new ScriptedProvider("p");
    LlmRouter router = base(p).deployment(Deployment.builder("g", "p").model("a").build()).build();
    router.close();
    router.close(); // idempotent
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls =
        List.of(
            () -> router.chat(req("g")),
            () -> router.stream(req("g")),
            () -> router.embed(EmbeddingRequest.of("g", "x")),
            () -> router.responses(dev.llmux.api.responses.ResponsesRequest.of("g", "hi")),
            () -> router.streamResponses(dev.llmux.api.responses.ResponsesRequest.of("g", "hi")),
            () -> router.completions(dev.llmux.api.completion.CompletionRequest.of("g", "hi")));
    for (var call : calls) {
      RouterClosedException e = catchThrowableOfType(RouterClosedException.class, call);
      assertThat(e).isNotNull();
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.code()).isEqualTo("router_closed");
      assertThat(e.isRetriable()).isFalse();
    }
    assertThat(p.calls).isEmpty();
  }

  @Test
  void customStrategyIsUsed() {
    ScriptedProvider p = new ScriptedProvider("p");
    RoutingStrategy last =
        new RoutingStrategy() {
          @Override
          public String name() {
            return "last";
          }

          @Override
          public Deployment pick(List<Deployment> candidates, Selection selection) {
            return candidates.get(candidates.size() - 1);
          }
        };
    try (LlmRouter router =
        base(p)
            .strategy(last)
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
    }
  }

  @SuppressWarnings("unused")
  private static RandomGenerator seeded() {
    return new SplittableRandom(1);
  }

  @Test
  void callsWithoutAContextAndANullContextFailsInTheCallersThreadWithAMessage() throws Exception {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("a").build()).build()) {
      assertThat(router.chatAsync(req("g")).get(10, TimeUnit.SECONDS).deploymentId())
          .isEqualTo("p/a");
      assertThatThrownBy(() -> router.chatAsync(req("g"), nullContext()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("context is null: pass RequestContext.EMPTY");
      assertThatThrownBy(() -> router.chat(req("g"), nullContext()))
          .hasMessageContaining("context is null: pass RequestContext.EMPTY");
      assertThatThrownBy(
              () ->
                  router.stream(
                      req("g"),
                      nullContext(),
                      new StreamListener() {
                        @Override
                        public void onChunk(ChatCompletionChunk chunk) {}

                        @Override
                        public void onComplete(RouteResult<Void> result) {}

                        @Override
                        public void onError(LlmException error) {}
                      }))
          .hasMessageContaining("context is null");
    }
  }

  @SuppressWarnings("NullAway") // the point: what a caller outside @NullMarked code may pass
  private static RequestContext nullContext() {
    return null;
  }
}
