package dev.llmux.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration binder with the real provider factories: every type is a {@code type:} of
 * LLMux's shape with the settings its factory describes, every LiteLLM prefix of the factories is a
 * {@code <prefix>/<model>} of LiteLLM's shape, and the result reaches the wire.
 */
class ProviderYamlTest extends WireMockTestBase {

  private static final String CHAT_REPLY =
      """
      {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
       "message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

  private static RouterConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "p.yaml", Set.of(), Map.of("GROQ_API_KEY", "gsk-1"));
  }

  @Test
  void everyTypeOnTheClassPathTakesItsDescribedSettings() {
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      StringBuilder yaml =
          new StringBuilder("providers:\n  - name: p\n    type: " + f.type() + "\n");
      Map<String, Object> expected = new HashMap<>();
      for (ProviderSetting s : f.settings()) {
        if (s.name().equals("models")) {
          continue; // the deployment list in LLMux's shape; mock's setting goes under `settings`
        }
        switch (s.kind()) {
          case STRING -> {
            yaml.append("    ").append(s.name()).append(": v\n");
            expected.put(s.name(), "v");
          }
          case BOOLEAN -> {
            yaml.append("    ").append(s.name()).append(": true\n");
            expected.put(s.name(), true);
          }
          case STRING_MAP -> {
            yaml.append("    ").append(s.name()).append(": {X-A: b}\n");
            expected.put(s.name(), Map.of("X-A", "b"));
          }
          case STRING_LIST -> {
            yaml.append("    ").append(s.name()).append(": [a]\n");
            expected.put(s.name(), List.of("a"));
          }
          case INTEGER -> {
            yaml.append("    ").append(s.name()).append(": 3\n");
            expected.put(s.name(), 3L);
          }
          case NUMBER, DURATION -> {
            // covered by core's ProviderSettingsBindingTest
          }
        }
      }
      assertThat(parse(yaml.toString()).provider("p").settings())
          .as("settings of type %s", f.type())
          .isEqualTo(expected);
    }
  }

  @Test
  void groqInLlmuxShapeReachesTheWire() {
    wm.stubFor(post("/openai/v1/chat/completions").willReturn(okJson(CHAT_REPLY)));
    RouterConfig c =
        parse(
            """
            providers:
              - name: groq
                type: groq
                api_key: ${GROQ_API_KEY}
                base_url: %s/openai/v1
                drop_params: true
                headers: {X-Team: search}
                models:
                  - {name: fast, model: llama-3.3-70b-versatile}
            """
                .formatted(wm.baseUrl()));
    assertThat(c.provider("groq").settings())
        .isEqualTo(Map.of("drop_params", true, "headers", Map.of("X-Team", "search")));
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      ChatCompletionRequest req =
          ChatCompletionRequest.builder()
              .model("fast")
              .messages(List.of(ChatMessage.user("x")))
              .logitBias(Map.of("1", 1))
              .build();
      assertThat(router.chat(req).response().text()).isEqualTo("hi");
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer gsk-1"))
            .withHeader("X-Team", equalTo("search"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.3-70b-versatile")))
            // drop_params: groq refuses logit_bias, so it was dropped instead of answered 400
            .withRequestBody(notMatching(".*logit_bias.*")));
  }

  @Test
  void presetWithoutBaseUrlUsesTheVendorDefault() {
    RouterConfig c =
        parse(
            "providers:\n  - {name: g, type: groq, api_key: k, models: [llama-3.1-8b-instant]}\n");
    assertThat(c.provider("g").baseUrl()).isNull();
    assertThat(c.provider("g").type()).isEqualTo("groq");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "groq/llama-3.3-70b-versatile | groq | llama-3.3-70b-versatile",
        "deepseek/deepseek-chat | deepseek | deepseek-chat",
        "together_ai/meta-llama/Llama-3-8b | together_ai | meta-llama/Llama-3-8b",
        "fireworks_ai/accounts/fireworks/models/x | fireworks_ai | accounts/fireworks/models/x",
        "mistral/mistral-large-latest | mistral | mistral-large-latest",
        "openrouter/openai/gpt-4o | openrouter | openai/gpt-4o",
        "xai/grok-2 | xai | grok-2",
        "hosted_vllm/qwen | vllm | qwen",
        "ollama/llama3 | ollama | llama3",
        "ollama_chat/llama3 | ollama | llama3",
        "openai_compatible/m | openai-compatible | m",
        "custom_openai/m | openai-compatible | m",
        "openai_like/m | openai-compatible | m",
        "cohere_chat/command-r | cohere | command-r",
        "openai/gpt-4o | openai | gpt-4o",
        "gpt-4o | openai | gpt-4o",
        "azure/dep | azure | dep",
        "anthropic/claude-3-5-haiku | anthropic | claude-3-5-haiku",
        "gemini/gemini-2.0-flash | gemini | gemini-2.0-flash",
        "mock/echo | mock | echo"
      })
  void litellmPrefixes(String model, String type, String upstream) {
    RouterConfig c =
        parse(
            "model_list:\n  - model_name: m\n    litellm_params:\n      model: "
                + model
                + "\n      api_base: http://h/v1\n");
    ProviderConfig p = c.providers().get(0);
    assertThat(p.type()).isEqualTo(type);
    assertThat(p.baseUrl()).isEqualTo("http://h/v1");
    assertThat(c.deployments().get(0).model()).isEqualTo(upstream);
  }

  @Test
  void everyFactoryPrefixResolvesToItsType() {
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      for (String prefix : f.litellmPrefixes()) {
        RouterConfig c =
            parse(
                "model_list:\n  - model_name: m\n    litellm_params:\n      model: "
                    + prefix
                    + "/x\n");
        assertThat(c.providers().get(0).type()).as(prefix).isEqualTo(f.type());
      }
    }
  }

  @Test
  void groqInLitellmShapeWithDropParamsReachesTheWire() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(CHAT_REPLY)));
    RouterConfig c =
        parse(
            """
            model_list:
              - model_name: fast
                litellm_params:
                  model: groq/llama-3.1-8b-instant
                  api_key: os.environ/GROQ_API_KEY
                  api_base: %s/v1
                  extra_headers: {X-Team: t}
            litellm_settings:
              drop_params: true
            """
                .formatted(wm.baseUrl()));
    assertThat(c.provider("fast#1").settings())
        .isEqualTo(Map.of("headers", Map.of("X-Team", "t"), "drop_params", true));
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      router.chat(
          ChatCompletionRequest.builder()
              .model("fast")
              .messages(List.of(ChatMessage.user("x")))
              .logprobs(true)
              .build());
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer gsk-1"))
            .withHeader("X-Team", equalTo("t"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b-instant")))
            .withRequestBody(notMatching(".*logprobs.*")));
  }

  @Test
  void ollamaChatServerRootGetsV1() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(CHAT_REPLY)));
    RouterConfig c =
        parse(
            """
            model_list:
              - model_name: local
                litellm_params:
                  model: ollama_chat/llama3
                  api_base: %s/
            """
                .formatted(wm.baseUrl()));
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      router.chat(ChatCompletionRequest.of("local", ChatMessage.user("x")));
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", absent())
            .withRequestBody(matchingJsonPath("$.model", equalTo("llama3"))));
  }

  @Test
  void vllmNeedsABaseUrl() {
    RouterConfig c =
        parse("model_list:\n  - model_name: m\n    litellm_params:\n      model: hosted_vllm/q\n");
    assertThatThrownBy(() -> LlmRouter.builder().config(c).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider 'm#1' (type vllm): base_url is required");
  }

  @Test
  void aSettingOfAnotherTypeIsAnErrorAtItsLine() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    model_list:
                      - model_name: m
                        litellm_params:
                          model: groq/llama
                          api_version: "2024-10-21"
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "p.yaml:5: model_list[0].litellm_params.api_version is not supported by provider type"
                + " 'groq' (supported there: extra_headers, drop_params)");
    assertThatThrownBy(
            () -> parse("providers:\n  - name: g\n    type: groq\n    api_version: v1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("p.yaml:4: unknown key 'api_version' in providers[0]");
  }
}
