package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmux.providers.openai.Fixtures.OPTIONS;
import static dev.llmux.providers.openai.Fixtures.ROLE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.STOP_CHUNK;
import static dev.llmux.providers.openai.Fixtures.content;
import static dev.llmux.providers.openai.Fixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.MessageContent;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiPresetsTest extends WireMockSupport {

  private static final ChatCompletionRequest HELLO =
      ChatCompletionRequest.of("m-1", ChatMessage.user("Hello"));

  /** The default base URLs, written out once more so that a change to the table is deliberate. */
  private static final Map<String, String> DEFAULT_BASE_URLS = new LinkedHashMap<>();

  static {
    DEFAULT_BASE_URLS.put("groq", "https://api.groq.com/openai/v1");
    DEFAULT_BASE_URLS.put("deepseek", "https://api.deepseek.com");
    DEFAULT_BASE_URLS.put("together_ai", "https://api.together.xyz/v1");
    DEFAULT_BASE_URLS.put("fireworks_ai", "https://api.fireworks.ai/inference/v1");
    DEFAULT_BASE_URLS.put("mistral", "https://api.mistral.ai/v1");
    DEFAULT_BASE_URLS.put("openrouter", "https://openrouter.ai/api/v1");
    DEFAULT_BASE_URLS.put("xai", "https://api.x.ai/v1");
    DEFAULT_BASE_URLS.put("perplexity", "https://api.perplexity.ai");
    DEFAULT_BASE_URLS.put("deepinfra", "https://api.deepinfra.com/v1/openai");
    DEFAULT_BASE_URLS.put("cerebras", "https://api.cerebras.ai/v1");
    DEFAULT_BASE_URLS.put("siliconflow", "https://api.siliconflow.com/v1");
    DEFAULT_BASE_URLS.put("sambanova", "https://api.sambanova.ai/v1");
    DEFAULT_BASE_URLS.put("hyperbolic", "https://api.hyperbolic.xyz/v1");
    DEFAULT_BASE_URLS.put("novita", "https://api.novita.ai/openai");
    DEFAULT_BASE_URLS.put("nvidia_nim", "https://integrate.api.nvidia.com/v1");
    DEFAULT_BASE_URLS.put("moonshot", "https://api.moonshot.ai/v1");
    DEFAULT_BASE_URLS.put("dashscope", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1");
    DEFAULT_BASE_URLS.put("volcengine", "https://ark.cn-beijing.volces.com/api/v3");
    DEFAULT_BASE_URLS.put("lm_studio", "http://localhost:1234/v1");
    DEFAULT_BASE_URLS.put("ollama", "http://localhost:11434/v1");
    DEFAULT_BASE_URLS.put("vllm", null);
    DEFAULT_BASE_URLS.put("huggingface", "https://router.huggingface.co/v1");
    DEFAULT_BASE_URLS.put("github", "https://models.github.ai/inference");
    DEFAULT_BASE_URLS.put("cohere", "https://api.cohere.ai/compatibility/v1");
  }

  static Stream<String> types() {
    return OpenAiPresets.all().stream().map(OpenAiPreset::type);
  }

  private static ProviderFactory factory(String type) {
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.type().equals(type)) {
        return f;
      }
    }
    throw new AssertionError("no factory for " + type);
  }

  private static Provider create(
      String type, String apiKey, String baseUrl, Map<String, Object> settings) {
    return factory(type).create(new ProviderConfig("p-" + type, type, apiKey, baseUrl, settings));
  }

  private static Provider atWireMock(String type, Map<String, Object> settings) {
    return create(type, "key-" + type, wm.baseUrl() + "/" + type + "/v1", settings);
  }

  @Test
  void theTableIsTheOneDocumented() {
    assertThat(types()).containsExactlyElementsOf(DEFAULT_BASE_URLS.keySet());
  }

  @ParameterizedTest
  @MethodSource("types")
  void defaultBaseUrl(String type) {
    String expected = DEFAULT_BASE_URLS.get(type);
    if (expected == null) {
      assertThatThrownBy(() -> create(type, "k", null, Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("base_url is required");
      return;
    }
    OpenAiProvider p = (OpenAiProvider) create(type, "k", null, Map.of());
    assertThat(p.chatUrl("m").toString()).isEqualTo(expected + "/chat/completions");
    assertThat(((OpenAiPresetFactory) factory(type)).defaultBaseUrl()).isEqualTo(expected);
  }

  /** Every preset: POST {base}/chat/completions with the bearer key and the request as sent. */
  @ParameterizedTest
  @MethodSource("types")
  void chatUnderTheBaseUrlWithTheBearerKey(String type) {
    wm.stubFor(
        post("/" + type + "/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider p = atWireMock(type, Map.of());
    assertThat(p.chat(HELLO.toBuilder().temperature(0.2).build(), OPTIONS).text())
        .startsWith("Hello!");
    wm.verify(
        postRequestedFor(urlEqualTo("/" + type + "/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer key-" + type))
            .withHeader(
                "Content-Type",
                com.github.tomakehurst.wiremock.client.WireMock.containing("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"m-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"temperature\":0.2}")));
    assertThat(p.supportsResponses()).isFalse();
  }

  @Test
  void groqRefusesLogprobsWithAClear400AndCallsNothing() {
    Provider groq = atWireMock("groq", Map.of());
    assertThatThrownBy(() -> groq.chat(HELLO.toBuilder().logprobs(true).build(), OPTIONS))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.param()).isEqualTo("logprobs");
              assertThat(e.code()).isEqualTo("unsupported_parameter");
              assertThat(e.getMessage()).contains("'groq'", "'logprobs'", "drop_params: true");
            });
    assertThatThrownBy(() -> groq.chat(HELLO.toBuilder().n(2).build(), OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'n' with a value other than 1");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void groqDropsRefusedParametersWhenDropParamsIsSet() {
    wm.stubFor(post("/groq/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider groq = atWireMock("groq", Map.of("drop_params", true));
    ChatMessage named =
        new ChatMessage("user", MessageContent.of("Hello"), "alice", null, null, null, null, null);
    groq.chat(
        ChatCompletionRequest.builder()
            .model("llama-3.3-70b-versatile")
            .messages(List.of(named))
            .logprobs(true)
            .topLogprobs(2)
            .logitBias(Map.of("50256", -100))
            .n(1)
            .seed(7L)
            .build(),
        OPTIONS);
    // n: 1 is allowed; seed is not refused; name, logprobs, top_logprobs, logit_bias are dropped.
    wm.verify(
        postRequestedFor(urlEqualTo("/groq/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"n\":1,\"seed\":7}")));
  }

  @Test
  void deepseekRefusesLogprobsOnlyForTheReasoner() {
    wm.stubFor(post("/deepseek/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider ds = atWireMock("deepseek", Map.of());
    ds.chat(
        ChatCompletionRequest.of("deepseek-chat", ChatMessage.user("Hi")).toBuilder()
            .logprobs(true)
            .build(),
        OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo("/deepseek/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"logprobs\":true}")));
    assertThatThrownBy(
            () ->
                ds.chat(
                    ChatCompletionRequest.of("deepseek-reasoner", ChatMessage.user("Hi"))
                        .toBuilder()
                        .logprobs(true)
                        .build(),
                    OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("for model 'deepseek-reasoner'");
  }

  @Test
  void mistralRenamesSeedAndMaxCompletionTokensAndSendsNoStreamOptions() {
    wm.stubFor(
        post("/mistral/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(sse(ROLE_CHUNK, content("Hi"), STOP_CHUNK, "[DONE]"))));
    Provider mistral = atWireMock("mistral", Map.of());
    ChatCompletionRequest r =
        ChatCompletionRequest.of("mistral-large-latest", ChatMessage.user("Hi")).toBuilder()
            .seed(42L)
            .maxCompletionTokens(100)
            .build();
    try (ChunkStream s = mistral.streamChat(r, OPTIONS)) {
      s.forEachRemaining(c -> {});
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/mistral/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
        {"model":"mistral-large-latest","messages":[{"role":"user","content":"Hi"}],
         "random_seed":42,"max_tokens":100,"stream":true}
        """)));
    assertThatThrownBy(() -> mistral.chat(r.toBuilder().user("u-1").build(), OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'user'");
  }

  @Test
  void cerebrasRefusesPenalties() {
    assertThatThrownBy(
            () ->
                atWireMock("cerebras", Map.of())
                    .chat(HELLO.toBuilder().presencePenalty(0.5).build(), OPTIONS))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).isEqualTo("presence_penalty"));
    assertThatThrownBy(
            () ->
                atWireMock("cerebras", Map.of())
                    .chat(HELLO.toBuilder().extra("service_tier", "flex").build(), OPTIONS))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).isEqualTo("service_tier"));
  }

  @Test
  void cerebrasDropsAnExtraField() {
    wm.stubFor(post("/cerebras/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    atWireMock("cerebras", Map.of("drop_params", "true"))
        .chat(HELLO.toBuilder().extra("service_tier", "flex").extra("top_k", 5).build(), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo("/cerebras/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"m-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"top_k\":5}")));
  }

  @Test
  void ollamaAppendsV1ToAServerRootAndSendsNoKey() {
    wm.stubFor(
        post("/ollama-root/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider ollama = create("ollama", null, wm.baseUrl() + "/ollama-root", Map.of());
    ollama.chat(ChatCompletionRequest.of("llama3.2", ChatMessage.user("Hi")), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo("/ollama-root/v1/chat/completions"))
            .withHeader("Authorization", absent()));
    assertThat(
            ((OpenAiProvider) create("ollama", null, "http://gpu-box:11434/v1/", Map.of()))
                .chatUrl("m")
                .toString())
        .isEqualTo("http://gpu-box:11434/v1/chat/completions");
  }

  @Test
  void hostedKeysAreRequiredLocalServersNeedNone() {
    assertThatThrownBy(() -> create("groq", null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api_key is required (Groq)");
    assertThat(create("lm_studio", null, null, Map.of())).isNotNull();
    assertThat(create("vllm", null, "http://vllm:8000/v1", Map.of())).isNotNull();
  }

  @Test
  void unknownSettingsAreRejected() {
    assertThatThrownBy(() -> create("groq", "k", null, Map.of("organization", "o")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'organization'");
  }

  @Test
  void legacyCompletionsAreNativeOnlyWhereTheVendorHasThem() {
    assertThat(create("together_ai", "k", null, Map.of()).supportsCompletions()).isTrue();
    assertThat(create("vllm", null, "http://vllm:8000/v1", Map.of()).supportsCompletions())
        .isTrue();
    assertThat(create("groq", "k", null, Map.of()).supportsCompletions()).isFalse();
    assertThat(create("mistral", "k", null, Map.of()).supportsCompletions()).isFalse();
  }

  @Test
  void docsListEveryPresetWithItsBaseUrl() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "providers.md"));
    for (OpenAiPreset p : OpenAiPresets.all()) {
      assertThat(doc).as(p.type()).contains("| `" + p.type() + "` |");
      if (p.defaultBaseUrl() != null) {
        assertThat(doc).as(p.type()).contains("`" + p.defaultBaseUrl() + "`");
      }
      for (ParamRule r : p.rules()) {
        assertThat(doc).as(p.type() + " " + r.param()).contains(r.describe());
      }
    }
  }
}
