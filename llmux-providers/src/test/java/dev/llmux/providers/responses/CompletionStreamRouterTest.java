package dev.llmux.providers.responses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.providers.WireMockTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streamed legacy completions through a real router: OpenAI's native {@code text_completion}
 * stream, a preset that has the API natively, one that maps onto chat, and a fallback from a native
 * upstream to a mapped one before the first chunk.
 */
class CompletionStreamRouterTest extends WireMockTestBase {

  /** OpenAI's text_completion stream with include_usage, as the API sends it. */
  static final String OPENAI_STREAM =
      """
      data: {"id":"cmpl-9fXtc","object":"text_completion","created":1718000000,"choices":[{"text":"\\n\\n","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct","system_fingerprint":null,"usage":null}

      data: {"id":"cmpl-9fXtc","object":"text_completion","created":1718000000,"choices":[{"text":"This is","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct","system_fingerprint":null,"usage":null}

      data: {"id":"cmpl-9fXtc","object":"text_completion","created":1718000000,"choices":[{"text":" a test","index":0,"logprobs":null,"finish_reason":"length"}],"model":"gpt-3.5-turbo-instruct","system_fingerprint":null,"usage":null}

      data: {"id":"cmpl-9fXtc","object":"text_completion","created":1718000000,"choices":[],"model":"gpt-3.5-turbo-instruct","system_fingerprint":null,"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}

      data: [DONE]

      """;

  static final String CHAT_STREAM =
      """
      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}

      data: [DONE]

      """;

  static void stubSse(String path, String body) {
    wm.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(body)));
  }

  static LlmRouter router(String type, String base) {
    return LlmRouter.builder()
        .provider(new ProviderConfig("p", type, "key", wm.baseUrl() + base, Map.of()))
        .deployment(
            Deployment.builder("m", "p")
                .model("up")
                .inputCostPerToken(1e-6)
                .outputCostPerToken(2e-6)
                .build())
        .retry(RetryConfig.custom().numRetries(0).build())
        .build();
  }

  static List<CompletionResponse> drain(CompletionStream s) {
    List<CompletionResponse> out = new ArrayList<>();
    try (s) {
      s.forEachRemaining(out::add);
    }
    return out;
  }

  static String text(List<CompletionResponse> chunks) {
    StringBuilder sb = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(ch -> sb.append(ch.text())));
    return sb.toString();
  }

  static CompletionRequest request(Map<String, Object> extra) {
    return new CompletionRequest(
        "m",
        "Say this is a test",
        null,
        7,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        true,
        extra);
  }

  @Test
  void openAiNativeStream() {
    stubSse("/v1/completions", OPENAI_STREAM);
    try (LlmRouter router = router("openai", "/v1")) {
      CompletionStream s = router.streamCompletions(request(Map.of()));
      List<CompletionResponse> chunks = drain(s);
      assertThat(text(chunks)).isEqualTo("\n\nThis is a test");
      assertThat(chunks).hasSize(3); // the usage chunk was not asked for
      assertThat(chunks.get(2).choices().get(0).finishReason()).isEqualTo("length");
      assertThat(chunks.get(0).id()).isEqualTo("cmpl-9fXtc");
      assertThat(s.result().usage()).isEqualTo(Usage.of(5, 4));
      assertThat(s.result().cost()).isEqualTo(5 * 1e-6 + 4 * 2e-6);
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/completions"))
            .withRequestBody(
                equalToJson(
                    """
                    {"model":"up","prompt":"Say this is a test","max_tokens":7,"stream":true,
                     "stream_options":{"include_usage":true}}""")));
  }

  @Test
  void usageChunkWhenAsked() {
    stubSse("/v1/completions", OPENAI_STREAM);
    try (LlmRouter router = router("openai", "/v1")) {
      List<CompletionResponse> chunks =
          drain(
              router.streamCompletions(
                  request(Map.of("stream_options", Map.of("include_usage", true)))));
      assertThat(chunks).hasSize(4);
      assertThat(chunks.get(3).choices()).isEmpty();
      assertThat(chunks.get(3).usage()).isEqualTo(Usage.of(5, 4));
    }
  }

  @Test
  void anErrorInTheStreamIsThrownAfterTheChunksBeforeIt() {
    stubSse(
        "/v1/completions",
        """
        data: {"id":"cmpl-1","object":"text_completion","created":1,"choices":[{"text":"Hel","index":0,"logprobs":null,"finish_reason":null}],"model":"x"}

        data: {"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}

        """);
    try (LlmRouter router = router("openai", "/v1")) {
      CompletionStream s = router.streamCompletions(request(Map.of()));
      assertThat(s.next().choices().get(0).text()).isEqualTo("Hel");
      assertThatThrownBy(s::hasNext).isInstanceOf(RateLimitException.class);
      s.close();
    }
  }

  @Test
  void presetWithTheApiIsNativeOthersMapOntoChat() {
    stubSse("/together/completions", OPENAI_STREAM);
    try (LlmRouter router = router("together_ai", "/together")) {
      assertThat(text(drain(router.streamCompletions(request(Map.of())))))
          .isEqualTo("\n\nThis is a test");
    }
    stubSse("/groq/chat/completions", CHAT_STREAM);
    try (LlmRouter router = router("groq", "/groq")) {
      CompletionStream s = router.streamCompletions(request(Map.of()));
      List<CompletionResponse> chunks = drain(s);
      assertThat(text(chunks)).isEqualTo("Hi");
      assertThat(chunks).allMatch(c -> "text_completion".equals(c.object()));
      assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isEqualTo("stop");
      assertThat(s.result().usage()).isEqualTo(Usage.of(3, 1));
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/groq/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
                    {"model":"up","messages":[{"role":"user","content":"Say this is a test"}],
                     "max_tokens":7,"stream":true,"stream_options":{"include_usage":true}}""")));
  }

  @Test
  void fallsBackFromANativeUpstreamToAMappedOneBeforeTheFirstChunk() {
    wm.stubFor(
        post("/v1/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")));
    stubSse(
        "/anthropic/v1/messages",
        """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"up","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":6,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"A test."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    try (LlmRouter router =
        LlmRouter.builder()
            .provider(new ProviderConfig("oa", "openai", "k", wm.baseUrl() + "/v1", Map.of()))
            .provider(
                new ProviderConfig("an", "anthropic", "k", wm.baseUrl() + "/anthropic", Map.of()))
            .deployment(Deployment.builder("m", "oa").model("up").build())
            .deployment(Deployment.builder("backup", "an").model("up").build())
            .fallbacks("m", List.of("backup"))
            .retry(RetryConfig.custom().numRetries(0).build())
            .build()) {
      CompletionStream s = router.streamCompletions(request(Map.of()));
      List<CompletionResponse> chunks = drain(s);
      assertThat(text(chunks)).isEqualTo("A test.");
      assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isEqualTo("stop");
      assertThat(s.result().fellBack()).isTrue();
      assertThat(s.result().provider()).isEqualTo("an");
      assertThat(s.result().usage().promptTokens()).isEqualTo(6);
      assertThat(s.result().usage().completionTokens()).isEqualTo(3);
    }
  }
}
