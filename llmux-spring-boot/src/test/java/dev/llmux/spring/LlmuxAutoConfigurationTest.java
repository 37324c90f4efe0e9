package dev.llmux.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.RouterClosedException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.RoutingStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LlmuxAutoConfigurationTest {
  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LlmuxAutoConfiguration.class,
                  LlmuxOpenAiAutoConfiguration.class,
                  LlmuxLangChain4jAutoConfiguration.class));

  static final String[] MOCK = {
    "llmux.providers[0].name=mock",
    "llmux.providers[0].type=mock",
    "llmux.providers[0].mode=echo",
    "llmux.providers[0].latency=1ms",
    "llmux.providers[0].models[0].name=chat",
    "llmux.providers[0].models[0].model=mock-chat",
    "llmux.providers[0].models[0].weight=2",
    "llmux.providers[0].models[1]=embed",
    "llmux.routing.retry_count=2",
    "llmux.routing.fallbacks.chat[0]=embed",
    "llmux.cache.enabled=false",
  };

  @Test
  void routerFromPropertiesMakesRoutedCalls() {
    runner
        .withPropertyValues(MOCK)
        .run(
            ctx -> {
              LlmRouter router = ctx.getBean(LlmRouter.class);
              assertThat(
                      router
                          .chat(ChatCompletionRequest.of("chat", ChatMessage.user("hi")))
                          .response()
                          .text())
                  .isEqualTo("Echo: hi");
              assertThat(router.deployments())
                  .extracting(Deployment::modelGroup)
                  .containsExactly("chat", "embed");
              assertThat(router.deployments().get(0).weight()).isEqualTo(2.0);
              // the adapters are on the class path: the SDK client is there; LangChain4j needs its
              // model groups
              assertThat(
                      ctx.getBean(OpenAIClient.class)
                          .chat()
                          .completions()
                          .create(
                              ChatCompletionCreateParams.builder()
                                  .model("chat")
                                  .addUserMessage("sdk")
                                  .build())
                          .choices()
                          .get(0)
                          .message()
                          .content())
                  .contains("Echo: sdk");
              assertThat(ctx)
                  .doesNotHaveBean(ChatModel.class)
                  .doesNotHaveBean(EmbeddingModel.class);
            });
  }

  @Test
  void interpolationUsesLlmuxSyntaxAgainstTheSpringEnvironment() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues(
            "llmux.providers[0].text=${GREETING:-no greeting}",
            "llmux.providers[0].mode=fixed",
            "GREETING=hello from spring")
        .run(
            ctx ->
                assertThat(
                        ctx.getBean(LlmRouter.class)
                            .chat(ChatCompletionRequest.of("chat", ChatMessage.user("x")))
                            .response()
                            .text())
                    .isEqualTo("hello from spring"));
  }

  @Test
  void unknownKeysFailStartup() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.routing.retry_cuont=3")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("retry_cuont");
            });
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.providerz[0].name=x")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("providerz"));
  }

  @Test
  void configFile() {
    runner
        .withPropertyValues("llmux.config-file=classpath:llmux-file.yaml")
        .run(
            ctx ->
                assertThat(
                        ctx.getBean(LlmRouter.class)
                            .chat(ChatCompletionRequest.of("filed", ChatMessage.user("x")))
                            .response()
                            .text())
                    .isEqualTo("from the file"));
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.config-file=classpath:llmux-file.yaml")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("cannot be combined"));
  }

  @Test
  void langChain4jBeansWhenModelGroupsAreSet() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues(
            "llmux.langchain4j.chat-model=chat", "llmux.langchain4j.embedding-model=embed")
        .run(
            ctx -> {
              assertThat(ctx.getBean(ChatModel.class).chat("lc4j")).isEqualTo("Echo: lc4j");
              assertThat(ctx).hasSingleBean(StreamingChatModel.class);
              assertThat(ctx.getBean(EmbeddingModel.class).embed("x").content().vector())
                  .hasSize(8);
            });
  }

  @Test
  void closedWithTheContextAndBacksOffForUserBeans() {
    AtomicReference<LlmRouter> seen = new AtomicReference<>();
    runner.withPropertyValues(MOCK).run(ctx -> seen.set(ctx.getBean(LlmRouter.class)));
    assertThatThrownBy(
            () -> seen.get().chat(ChatCompletionRequest.of("chat", ChatMessage.user("late"))))
        .isInstanceOf(RouterClosedException.class);

    LlmRouter mine =
        LlmRouter.builder()
            .provider(
                new ProviderConfig(
                    "m", "mock", null, null, Map.of("mode", "fixed", "text", "mine")))
            .deployment(Deployment.builder("x", "m").build())
            .build();
    runner
        .withBean(LlmRouter.class, () -> mine)
        .run(
            ctx -> {
              assertThat(ctx.getBean(LlmRouter.class)).isSameAs(mine);
              assertThat(ctx).hasSingleBean(OpenAIClient.class);
            });
    mine.close();
  }

  @Test
  void disabled() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.enabled=false")
        .run(
            ctx ->
                assertThat(ctx)
                    .doesNotHaveBean(LlmRouter.class)
                    .doesNotHaveBean(OpenAIClient.class));
  }

  @Test
  void metricsGoToTheApplicationsMeterRegistry() {
    runner
        .withPropertyValues(MOCK)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            ctx -> {
              ctx.getBean(LlmRouter.class)
                  .chat(ChatCompletionRequest.of("chat", ChatMessage.user("m")));
              List<String> names =
                  ctx.getBean(MeterRegistry.class).getMeters().stream()
                      .map(m -> m.getId().getName())
                      .toList();
              assertThat(names).anyMatch(n -> n.startsWith("llmux"));
            });
  }

  @Test
  void propertiesFillTheConfigObjects() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues(
            "llmux.routing.cooldown_time=30s",
            "llmux.routing.timeout=45",
            "llmux.routing.strategy=least-busy")
        .run(
            ctx -> {
              RouterConfig c = LlmuxAutoConfiguration.routerConfig(ctx.getEnvironment(), ctx);
              assertThat(c.routing().strategy()).isEqualTo("least-busy");
              assertThat(c.retry().numRetries()).isEqualTo(2);
              assertThat(c.fallback().fallbacks()).containsEntry("chat", List.of("embed"));
              assertThat(c.cooldown().cooldownTime()).isEqualTo(Duration.ofSeconds(30));
              assertThat(c.timeouts().timeout()).isEqualTo(Duration.ofSeconds(45));
              assertThat(c.cache()).isEqualTo(CacheConfig.ofDefaults());
            });
  }

  @Test
  void tagRoutingIsTurnedOnByProperty() {
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.routing.strategy=tag-based")
        .run(
            ctx -> {
              RouterConfig c = LlmuxAutoConfiguration.routerConfig(ctx.getEnvironment(), ctx);
              assertThat(c.routing().strategy()).isEqualTo("simple-shuffle");
              assertThat(c.routing().tagMatch()).isEqualTo(RoutingConfig.TagMatch.ANY);
            });
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.routing.strategy=round-robin", "llmux.routing.tag_filtering=all")
        .run(
            ctx -> {
              RouterConfig c = LlmuxAutoConfiguration.routerConfig(ctx.getEnvironment(), ctx);
              assertThat(c.routing().strategy()).isEqualTo("round-robin");
              assertThat(c.routing().tagMatch()).isEqualTo(RoutingConfig.TagMatch.ALL);
            });
  }

  @Test
  void aStrategyRegisteredByACustomizerIsChosenByProperty() {
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
    String[] twoChatDeployments = {
      "llmux.providers[0].models[2].name=chat", "llmux.providers[0].models[2].model=mock-chat-2"
    };
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues(twoChatDeployments)
        .withPropertyValues("llmux.routing.strategy=always-last")
        .withBean(
            LlmRouterCustomizer.class, () -> b -> b.registerStrategy("always-last", alwaysLast))
        .run(
            ctx -> {
              LlmRouter router = ctx.getBean(LlmRouter.class);
              for (int i = 0; i < 5; i++) {
                assertThat(
                        router
                            .chat(ChatCompletionRequest.of("chat", ChatMessage.user("x")))
                            .deploymentId())
                    .isEqualTo("mock/mock-chat-2");
              }
            });
    // without the customizer the name is unknown: startup fails naming the available strategies
    runner
        .withPropertyValues(MOCK)
        .withPropertyValues("llmux.routing.strategy=always-last")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("unknown routing strategy 'always-last'")
                    .hasMessageContaining("simple-shuffle"));
  }

  @Test
  void customizersRun() {
    AtomicReference<Boolean> called = new AtomicReference<>(false);
    runner
        .withPropertyValues(MOCK)
        .withBean(LlmRouterCustomizer.class, () -> b -> called.set(true))
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(LlmRouter.class);
              assertThat(called.get()).isTrue();
            });
  }
}
