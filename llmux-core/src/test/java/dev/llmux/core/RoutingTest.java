package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.routing.Strategies;
import dev.llmux.core.spi.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Routing through the router: in-flight accounting, limits, pre-call checks, tags, tiers, control.
 */
class RoutingTest {
  private final FakeTime time = new FakeTime();

  private LlmRouter.Builder base(Provider... providers) {
    LlmRouter.Builder b =
        LlmRouter.builder().clock(time).ticker(time).sleeper(time).random(new SplittableRandom(42));
    for (Provider p : providers) {
      b.provider(p);
    }
    return b;
  }

  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hello"));
  }

  private static long inFlight(LlmRouter r) {
    return r.control().deploymentStates().stream().mapToLong(DeploymentState::inFlight).sum();
  }

  /** Blocks every chat call until released; fails calls to model "bad". */
  static class GatedProvider implements Provider {
    final ScriptedProvider delegate = new ScriptedProvider("gated");
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger entered = new AtomicInteger();

    @Override
    public ProviderConfig config() {
      return delegate.config();
    }

    @Override
    public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
      entered.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamServerException("interrupted", null, e);
      }
      if (request.messages().get(0).text().equals("fail")) {
        throw new UpstreamServerException("boom", 500, null);
      }
      return delegate.chat(request, options);
    }

    @Override
    public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
      return delegate.streamChat(request, options);
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
      return delegate.embed(request, options);
    }

    @Override
    public ModelList listModels(CallOptions options) {
      return ModelList.of(List.of());
    }

    @Override
    public void close() {}
  }

  @Test
  void leastBusyCountsInFlightAcrossThreadsAndReleasesOnSuccessAndError() throws Exception {
    GatedProvider p = new GatedProvider();
    // the default random source (thread-local): a seeded SplittableRandom is not for many threads
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(p)
            .strategy("least-busy")
            .retry(RetryConfig.custom().numRetries(0).build())
            .fallback(FallbackConfig.custom().enabled(false).build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(1000)
                    .failureThreshold(1.0)
                    .failureMinCalls(100_000)
                    .failureWindow(Duration.ofSeconds(60))
                    .build())
            .deployment(Deployment.builder("g", "gated").model("a").id("a").build())
            .deployment(Deployment.builder("g", "gated").model("b").id("b").build())
            .deployment(Deployment.builder("g", "gated").model("c").id("c").build())
            .build()) {
      int threads = 30;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String text = i % 3 == 0 ? "fail" : "hello";
        results.add(
            pool.submit(
                () -> {
                  try {
                    return router
                        .chat(ChatCompletionRequest.of("g", ChatMessage.user(text)))
                        .deploymentId();
                  } catch (LlmException e) {
                    return "error";
                  }
                }));
      }
      while (p.entered.get() < threads) {
        Thread.onSpinWait();
      }
      assertThat(inFlight(router)).isEqualTo(threads);
      // every deployment took some (simultaneous picks may read the same counts, so no exact split)
      for (DeploymentState s : router.control().deploymentStates()) {
        assertThat(s.inFlight()).isPositive();
      }
      p.release.countDown();
      int errors = 0;
      for (Future<String> f : results) {
        if (f.get(10, TimeUnit.SECONDS).equals("error")) {
          errors++;
        }
      }
      pool.shutdown();
      assertThat(errors).isEqualTo(10);
      assertThat(inFlight(router)).isZero();
    }
  }

  @Test
  void streamsHoldTheirDeploymentUntilTheEndFailureOrEarlyClose() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript(
                "m", new ScriptedProvider.StreamScript(List.of("a", "b", "c"), true, null))
            .streamScript(
                "m",
                new ScriptedProvider.StreamScript(
                    List.of("a", "b"), false, new UpstreamServerException("cut", 500, null)))
            .streamScript(
                "m", new ScriptedProvider.StreamScript(List.of("a", "b", "c"), true, null));
    try (LlmRouter router =
        base(p)
            .strategy("least-busy")
            .deployment(Deployment.builder("g", "p").model("m").id("m").build())
            .build()) {
      // read to the end
      ChatStream s1 = router.stream(req("g"));
      assertThat(inFlight(router)).isEqualTo(1);
      s1.forEachRemaining(c -> {});
      assertThat(inFlight(router)).isZero();
      // fails after the first chunk
      ChatStream s2 = router.stream(req("g"));
      assertThat(inFlight(router)).isEqualTo(1);
      assertThatThrownBy(() -> s2.forEachRemaining(c -> {}))
          .isInstanceOf(UpstreamServerException.class);
      assertThat(inFlight(router)).isZero();
      // closed early
      ChatStream s3 = router.stream(req("g"));
      s3.next();
      assertThat(inFlight(router)).isEqualTo(1);
      s3.close();
      s3.close();
      assertThat(inFlight(router)).isZero();
      // time to first token was recorded for the deployment
      assertThat(router.control().deploymentState("m").orElseThrow().timeToFirstToken())
          .isNotNull();
    }
  }

  @Test
  void cancelledCallbackStreamReleasesItsDeployment() throws Exception {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p).deployment(Deployment.builder("g", "p").model("m").id("m").build()).build()) {
      CountDownLatch first = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      Cancellable[] handle = new Cancellable[1];
      handle[0] =
          router.stream(
              req("g"),
              RequestContext.EMPTY,
              new StreamListener() {
                @Override
                public void onChunk(ChatCompletionChunk chunk) {
                  first.countDown();
                  try {
                    done.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }

                @Override
                public void onComplete(RouteResult<Void> result) {}

                @Override
                public void onError(LlmException error) {}
              });
      assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
      handle[0].cancel();
      done.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (inFlight(router) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(inFlight(router)).isZero();
    }
  }

  @Test
  void lowestTpmRpmNeverServesMoreThanTheLimitsUnderConcurrency() throws Exception {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(p)
            .strategy("lowest-tpm-rpm")
            .fallback(FallbackConfig.custom().enabled(false).build())
            .deployment(Deployment.builder("g", "p").model("a").id("a").rpm(50).build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").rpm(70).build())
            .build()) {
      int calls = 200;
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<String>> results = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < calls; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return router.chat(req("g")).deploymentId();
                  } catch (RateLimitException e) {
                    return "limited";
                  }
                }));
      }
      start.countDown();
      Map<String, Integer> counts = new HashMap<>();
      for (Future<String> f : results) {
        counts.merge(f.get(10, TimeUnit.SECONDS), 1, Integer::sum);
      }
      pool.shutdown();
      assertThat(counts).containsEntry("a", 50).containsEntry("b", 70).containsEntry("limited", 80);
      Map<String, DeploymentState> states = new HashMap<>();
      router.control().deploymentStates().forEach(s -> states.put(s.deploymentId(), s));
      assertThat(states.get("a").rpmUsed()).isEqualTo(50);
      assertThat(states.get("b").rpmUsed()).isEqualTo(70);
      // the scripted provider reports 15 tokens a call: tokens were corrected to actual usage
      assertThat(states.get("a").tpmUsed()).isEqualTo(50 * 15);
      assertThat(inFlight(router)).isZero();
      // the next minute starts over
      time.advance(Duration.ofMinutes(1));
      assertThat(router.chat(req("g")).deploymentId()).isIn("a", "b");
    }
  }

  @Test
  void deploymentsOverTheirTpmAreSkippedEvenBySimpleShuffle() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").tpm(40).build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 100; i++) {
        counts.merge(router.chat(req("g")).deploymentId(), 1, Integer::sum);
      }
      // a takes at most 40 tokens a minute: 15-token calls, so it serves at most 3 (the first
      // call of a minute is always admitted)
      assertThat(counts.getOrDefault("a", 0)).isBetween(1, 3);
    }
  }

  @Test
  void contextWindowCheckDropsSmallDeploymentsAndFallsBackWhenNoneFit() {
    ScriptedProvider p = new ScriptedProvider("p");
    String longText = "word ".repeat(2000);
    try (LlmRouter router =
        base(p)
            .deployment(
                Deployment.builder("g", "p").model("small").id("small").maxInputTokens(500).build())
            .deployment(
                Deployment.builder("g", "p").model("big").id("big").maxInputTokens(100_000).build())
            .deployment(
                Deployment.builder("tiny", "p")
                    .model("tiny")
                    .id("tiny")
                    .maxInputTokens(100)
                    .build())
            .deployment(Deployment.builder("huge", "p").model("huge").id("huge").build())
            .fallback(
                FallbackConfig.custom().contextWindowFallbacks("tiny", List.of("huge")).build())
            .build()) {
      for (int i = 0; i < 20; i++) {
        assertThat(
                router
                    .chat(ChatCompletionRequest.of("g", ChatMessage.user(longText)))
                    .deploymentId())
            .isEqualTo("big");
      }
      RouteResult<ChatCompletionResponse> r =
          router.chat(ChatCompletionRequest.of("tiny", ChatMessage.user(longText)));
      assertThat(r.deploymentId()).isEqualTo("huge");
      assertThat(p.callsTo("tiny")).isZero();
      assertThat(router.chat(req("tiny")).deploymentId()).isEqualTo("tiny");
    }
    try (LlmRouter router =
        base(new ScriptedProvider("p"))
            .deployment(
                Deployment.builder("tiny", "p")
                    .model("tiny")
                    .id("tiny")
                    .maxInputTokens(100)
                    .build())
            .build()) {
      assertThatThrownBy(
              () -> router.chat(ChatCompletionRequest.of("tiny", ChatMessage.user(longText))))
          .isInstanceOf(ContextWindowExceededException.class);
    }
  }

  @Test
  void contextWindowComesFromThePriceTableForKnownModels() {
    ScriptedProvider p = new ScriptedProvider("p");
    String text = "word ".repeat(9000); // ~9000 tokens: over gpt-4's 8192, well under gpt-4o's 128k
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("gpt-4").id("old").build())
            .deployment(Deployment.builder("g", "p").model("gpt-4o").id("new").build())
            .build()) {
      for (int i = 0; i < 10; i++) {
        assertThat(
                router.chat(ChatCompletionRequest.of("g", ChatMessage.user(text))).deploymentId())
            .isEqualTo("new");
      }
    }
  }

  @Test
  void tagFilteringAnyOfAllOfAndDefault() {
    ScriptedProvider p = new ScriptedProvider("p");
    LlmRouter.Builder b =
        base(p)
            .deployment(
                Deployment.builder("g", "p")
                    .model("eu")
                    .id("eu")
                    .tags(List.of("eu", "gdpr"))
                    .build())
            .deployment(
                Deployment.builder("g", "p").model("us").id("us").tags(List.of("us")).build())
            .deployment(
                Deployment.builder("g", "p").model("d").id("d").tags(List.of("default")).build());
    try (LlmRouter any =
        b.routing(RoutingConfig.custom().tagMatch(RoutingConfig.TagMatch.ANY).build()).build()) {
      RequestContext eu = RequestContext.builder().tags(List.of("eu", "paid")).build();
      for (int i = 0; i < 20; i++) {
        assertThat(any.chat(req("g"), eu).deploymentId()).isEqualTo("eu");
        assertThat(any.chat(req("g")).deploymentId()).isEqualTo("d");
      }
      // tags in the request body
      ChatCompletionRequest bodyTags =
          ChatCompletionRequest.builder()
              .model("g")
              .addMessage(ChatMessage.user("hi"))
              .extra("tags", List.of("us"))
              .build();
      assertThat(any.chat(bodyTags).deploymentId()).isEqualTo("us");
      // metadata.tags (comma-separated: OpenAI's metadata values are strings)
      ChatCompletionRequest metadataTags =
          ChatCompletionRequest.builder()
              .model("g")
              .addMessage(ChatMessage.user("hi"))
              .metadata(Map.of("tags", "apac, us"))
              .build();
      assertThat(any.chat(metadataTags).deploymentId()).isEqualTo("us");
      // tags that match nothing: the deployment tagged default serves them (LiteLLM's semantics)
      for (int i = 0; i < 20; i++) {
        assertThat(
                any.chat(req("g"), RequestContext.builder().tags(List.of("apac")).build())
                    .deploymentId())
            .isEqualTo("d");
      }
    }
    ScriptedProvider p2 = new ScriptedProvider("p");
    try (LlmRouter all =
        base(p2)
            .routing(RoutingConfig.custom().tagMatch(RoutingConfig.TagMatch.ALL).build())
            .deployment(
                Deployment.builder("g", "p")
                    .model("eu")
                    .id("eu")
                    .tags(List.of("eu", "gdpr"))
                    .build())
            .deployment(
                Deployment.builder("g", "p").model("eu2").id("eu2").tags(List.of("eu")).build())
            .build()) {
      RequestContext both = RequestContext.builder().tags(List.of("eu", "gdpr")).build();
      for (int i = 0; i < 20; i++) {
        assertThat(all.chat(req("g"), both).deploymentId()).isEqualTo("eu");
      }
      // no deployment tagged default: tags that match nothing have nowhere to go
      assertThatThrownBy(
              () -> all.chat(req("g"), RequestContext.builder().tags(List.of("eu", "x")).build()))
          .isInstanceOf(NoHealthyDeploymentException.class)
          .hasMessageContaining("tags");
      // ... and untagged requests may use any
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        counts.merge(all.chat(req("g")).deploymentId(), 1, Integer::sum);
      }
      assertThat(counts).containsKeys("eu", "eu2");
    }
  }

  @Test
  void priorityTiersServeLowestOrderFirstWithAnyStrategy() {
    for (String strategy : Strategies.BUILT_IN) {
      ScriptedProvider p = new ScriptedProvider("p");
      try (LlmRouter router =
          base(p)
              .strategy(strategy)
              .deployment(
                  Deployment.builder("g", "p").model("primary").id("primary").order(0).build())
              .deployment(
                  Deployment.builder("g", "p").model("backup").id("backup").order(1).build())
              .build()) {
        for (int i = 0; i < 10; i++) {
          assertThat(router.chat(req("g")).deploymentId()).as(strategy).isEqualTo("primary");
        }
        router.control().coolDown("primary", Duration.ofSeconds(30), "maintenance");
        assertThat(router.chat(req("g")).deploymentId()).as(strategy).isEqualTo("backup");
        router.control().restore("primary");
        assertThat(router.chat(req("g")).deploymentId()).as(strategy).isEqualTo("primary");
      }
    }
  }

  @Test
  void customStrategiesByNameAndInstance() {
    RoutingStrategy alwaysLast =
        new RoutingStrategy() {
          @Override
          public String name() {
            return "always-last";
          }

          @Override
          public Deployment pick(List<Deployment> candidates, Selection selection) {
            return candidates.get(candidates.size() - 1);
          }
        };
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .registerStrategy("always-last", alwaysLast)
            .strategy("always-last")
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("b");
    }
    assertThatThrownBy(
            () ->
                base(p)
                    .strategy("no-such")
                    .deployment(Deployment.builder("g", "p").model("a").build())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowest-latency");
  }

  @Test
  void lowestLatencyLearnsFromCallsAndPenalisesFailures() {
    ScriptedProvider p = new ScriptedProvider("p");
    Provider slowFast =
        new GatedProvider() {
          @Override
          public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
            time.advance(Duration.ofMillis(request.model().equals("slow") ? 500 : 50));
            if (request.model().equals("flaky")) {
              throw new UpstreamServerException("boom", 503, null);
            }
            return delegate.chat(request, options);
          }
        };
    try (LlmRouter router =
        base(slowFast)
            .strategy("lowest-latency")
            .retry(RetryConfig.custom().numRetries(3).build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(1000)
                    .failureThreshold(1.0)
                    .failureMinCalls(100_000)
                    .failureWindow(Duration.ofSeconds(60))
                    .build())
            .deployment(Deployment.builder("g", "gated").model("slow").id("slow").build())
            .deployment(Deployment.builder("g", "gated").model("fast").id("fast").build())
            .deployment(Deployment.builder("g", "gated").model("flaky").id("flaky").build())
            .build()) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 1000; i++) {
        counts.merge(router.chat(req("g")).deploymentId(), 1, Integer::sum);
      }
      assertThat(counts.get("fast")).isGreaterThan(900);
      DeploymentState fast = router.control().deploymentState("fast").orElseThrow();
      DeploymentState flaky = router.control().deploymentState("flaky").orElseThrow();
      assertThat(fast.latencyPerOutputToken())
          .isCloseTo(0.050 / 5, org.assertj.core.api.Assertions.within(1e-9)); // 50 ms / 5 tokens
      assertThat(flaky.latencyPerOutputToken()).isGreaterThan(fast.latencyPerOutputToken());
    }
  }

  @Test
  void introspectionAndRuntimeChangesKeepTheOthersState() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").rpm(100).build())
            .deployment(Deployment.builder("g", "p").model("b").id("b").build())
            .build()) {
      for (int i = 0; i < 10; i++) {
        router.chat(req("g"));
      }
      router.control().coolDown("b", Duration.ofSeconds(60), "by hand");
      DeploymentState b = router.control().deploymentState("b").orElseThrow();
      assertThat(b.healthy()).isFalse();
      assertThat(b.cooldownReason()).isEqualTo("by hand");
      assertThat(b.cooldownUntil()).isEqualTo(time.instant().plusSeconds(60));
      long aUsed = router.control().deploymentState("a").orElseThrow().rpmUsed();
      assertThat(aUsed + router.control().deploymentState("b").orElseThrow().rpmUsed())
          .isEqualTo(10);

      router.control().addDeployment(Deployment.builder("g", "p").model("c").id("c").build());
      router
          .control()
          .updateDeployment(Deployment.builder("g", "p").model("a").id("a").rpm(500).build());
      assertThat(router.control().deploymentState("a").orElseThrow().rpmUsed()).isEqualTo(aUsed);
      assertThat(router.control().deploymentState("a").orElseThrow().rpmLimit()).isEqualTo(500);
      assertThat(router.control().deploymentState("b").orElseThrow().healthy()).isFalse();
      router.control().removeDeployment("a");
      assertThat(router.control().deploymentStates())
          .extracting(DeploymentState::deploymentId)
          .containsExactly("b", "c");
      for (int i = 0; i < 5; i++) {
        assertThat(router.chat(req("g")).deploymentId()).isEqualTo("c");
      }
      router.control().restore("b");
      assertThat(router.control().deploymentState("b").orElseThrow().healthy()).isTrue();
      assertThatThrownBy(
              () ->
                  router
                      .control()
                      .addDeployment(Deployment.builder("g", "p").model("c").id("c").build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.control().coolDown("zzz", Duration.ofSeconds(1), null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aLowerTierAtItsLimitPassesTrafficToTheNextTier() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router =
        base(p)
            .deployment(
                Deployment.builder("g", "p").model("primary").id("primary").order(0).rpm(3).build())
            .deployment(
                Deployment.builder("g", "p").model("overflow").id("overflow").order(1).build())
            .build()) {
      List<String> served = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        served.add(router.chat(req("g")).deploymentId());
      }
      assertThat(served).containsExactly("primary", "primary", "primary", "overflow", "overflow");
      time.advance(Duration.ofMinutes(1));
      assertThat(router.chat(req("g")).deploymentId()).isEqualTo("primary");
    }
  }

  @Test
  void streamsWithoutUsageAreCountedWithTheModelsTokenizer() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript(
                "gpt-4o",
                new ScriptedProvider.StreamScript(List.of("Hello", " world", "!"), false, null));
    try (LlmRouter router =
            base(p).deployment(Deployment.builder("g", "p").model("gpt-4o").build()).build();
        ChatStream s =
            router.stream(ChatCompletionRequest.of("g", ChatMessage.user("hello world")))) {
      s.forEachRemaining(c -> {});
      RouteResult<Void> r = s.result();
      assertThat(r.usage().completionTokens())
          .isEqualTo(TokenCounter.text(TokenCounter.Kind.O200K, "Hello world!"));
      assertThat(r.usage().promptTokens())
          .isEqualTo(
              TokenCounter.prompt(
                  TokenCounter.Kind.O200K,
                  ChatCompletionRequest.of("g", ChatMessage.user("hello world"))));
      assertThat(r.cost()).isNotNull(); // gpt-4o is in the bundled price table
    }
  }

  @Test
  void timeoutsArePenalisedWithTheTimeTheyTookAndCallerErrorsAreNot() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script(
                "t",
                () -> {
                  time.advance(Duration.ofSeconds(30));
                  return new dev.llmux.api.error.LlmTimeoutException("read timed out");
                })
            .script(
                "bad",
                () ->
                    new dev.llmux.api.error.BadRequestException("bad", null, null, 400, 400, null));
    try (LlmRouter router =
        base(p)
            .retry(RetryConfig.custom().numRetries(0).build())
            .fallback(FallbackConfig.custom().enabled(false).build())
            .deployment(Deployment.builder("t", "p").model("t").id("t").build())
            .deployment(Deployment.builder("bad", "p").model("bad").id("bad").build())
            .build()) {
      assertThatThrownBy(() -> router.chat(req("t")))
          .isInstanceOf(dev.llmux.api.error.LlmTimeoutException.class);
      DeploymentState t = router.control().deploymentState("t").orElseThrow();
      assertThat(t.timeToFirstToken()).isEqualTo(Duration.ofSeconds(30));
      assertThat(t.latencyPerOutputToken()).isEqualTo(30.0);
      assertThat(t.inFlight()).isZero();
      assertThatThrownBy(() -> router.chat(req("bad")))
          .isInstanceOf(dev.llmux.api.error.BadRequestException.class);
      assertThat(router.control().deploymentState("bad").orElseThrow().latencyPerOutputToken())
          .isNull();
      assertThat(router.control().deploymentState("bad").orElseThrow().rpmUsed()).isEqualTo(1);
    }
  }
}
