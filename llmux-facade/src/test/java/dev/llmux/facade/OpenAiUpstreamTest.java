package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.api.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the real {@code openai} provider: client → facade (started from a config file, as
 * the jar does) → LlmRouter → OpenAI wire protocol → WireMock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiUpstreamTest {
  static final String CALLER_KEY = "sk-caller";
  WireMockServer wm;
  Main.Launched facade;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final String CHAT_JSON =
      """
      {"id":"chatcmpl-up1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11},"system_fingerprint":"fp_1"}
      """;

  static final String STREAM_BODY =
      "data: {\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stream-model\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stream-model\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stream-model\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stream-model\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stream-model\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n"
          + "data: [DONE]\n\n";

  static final String RESPONSE_JSON =
      """
      {"id":"resp_up1","object":"response","created_at":1700000000,"status":"completed","model":"gpt-4o-mini-2024-07-18",
       "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                  "content":[{"type":"output_text","text":"Hello from responses","annotations":[]}]}],
       "usage":{"input_tokens":5,"output_tokens":3,"total_tokens":8},"service_tier":"default"}
      """;

  /** OpenAI's Responses stream: "event: <type>" and "data: <json>" per event, no terminator. */
  static final List<String> RESPONSE_EVENTS =
      List.of(
          "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_up2\",\"object\":\"response\","
              + "\"created_at\":1700000000,\"status\":\"in_progress\",\"model\":\"stream-model\",\"output\":[]}}",
          "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_2\",\"output_index\":0,"
              + "\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[],\"obfuscation\":\"abc\"}",
          "{\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"resp_up2\",\"object\":\"response\","
              + "\"created_at\":1700000000,\"status\":\"completed\",\"model\":\"stream-model\",\"output\":[],"
              + "\"usage\":{\"input_tokens\":4,\"output_tokens\":1,\"total_tokens\":5}}}");

  static String sse(List<String> events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      sb.append("event: ")
          .append(Json.read(e, JsonNode.class).get("type").asText())
          .append("\ndata: ")
          .append(e)
          .append("\n\n");
    }
    return sb.toString();
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CHAT_JSON)));
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("stream-model")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(STREAM_BODY)));
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("limited-model")))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "3")
                    .withBody(
                        "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("broken-model")))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"The server had an error while processing your request\","
                            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("locked-model")))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"Incorrect API key provided: sk-upst****ream. You can"
                            + " find your API key at https://platform.openai.com/account/api-keys.\","
                            + "\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":\"invalid_api_key\"}}")));
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("denied-model")))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"Project proj_up does not have access to model"
                            + " denied-model\",\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":\"model_not_found\"}}")));
    wm.stubFor(
        post(urlEqualTo("/v1/responses"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(RESPONSE_JSON)));
    wm.stubFor(
        post(urlEqualTo("/v1/responses"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("stream-model")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(sse(RESPONSE_EVENTS))));
    wm.stubFor(
        post(urlEqualTo("/v1/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"cmpl-up1\",\"object\":\"text_completion\",\"created\":1700000000,"
                            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"text\":\" hi there\","
                            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":2,\"total_tokens\":4}}")));
    wm.stubFor(
        post(urlEqualTo("/v1/embeddings"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-0.25]}],"
                            + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")));

    Path config = dir.resolve("llmux.yaml");
    Files.writeString(
        config,
        """
        providers:
          - name: upstream
            type: openai
            api_key: sk-upstream
            base_url: %s/v1
            models:
              - name: gpt-4o-mini
                model: gpt-4o-mini-2024-07-18
              - name: streamer
                model: stream-model
              - name: limited
                model: limited-model
              - name: broken
                model: broken-model
              - name: locked
                model: locked-model
              - name: denied
                model: denied-model
              - text-embedding-3-small
        routing:
          retry_count: 0
        server:
          master_key: %s
        """
            .formatted(wm.baseUrl(), CALLER_KEY));
    facade = Main.launch(config, 0);
  }

  @AfterAll
  void stop() throws Exception {
    if (facade != null) {
      facade.server().stop();
      facade.router().close();
    }
    wm.stop();
  }

  HttpResponse<String> call(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(facade.server().baseUri().resolve(path))
            .header("Authorization", "Bearer " + CALLER_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void chatForwardsUnknownFieldsAndTheProvidersKey() throws Exception {
    HttpResponse<String> r =
        call(
            "/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"custom_field\":\"x\",\"vendor\":{\"knob\":[1,2]},\"temperature\":0.2}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.read(r.body(), JsonNode.class);
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello from upstream");
    assertThat(body.get("system_fingerprint").asText()).isEqualTo("fp_1");
    assertThat(r.headers().firstValue("x-llmux-deployment"))
        .hasValue("upstream/gpt-4o-mini-2024-07-18");
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
            .withRequestBody(matchingJsonPath("$.custom_field", equalTo("x")))
            .withRequestBody(matchingJsonPath("$.vendor.knob[1]", equalTo("2")))
            .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.2"))));
  }

  @Test
  void streamIsRelayedAsSse() throws Exception {
    HttpResponse<String> r =
        call(
            "/v1/chat/completions",
            "{\"model\":\"streamer\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"custom_stream_field\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(r.body()).endsWith("\n\ndata: [DONE]\n\n");
    List<String> texts = new ArrayList<>();
    String[] events = r.body().split("\n\n");
    for (String e : events) {
      assertThat(e).startsWith("data: ");
      String data = e.substring(6);
      if (!data.equals("[DONE]")) {
        JsonNode chunk = Json.read(data, JsonNode.class);
        assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
        texts.add(chunk.at("/choices/0/delta/content").asText(""));
      }
    }
    assertThat(String.join("", texts)).isEqualTo("Hi there");
    assertThat(r.body()).doesNotContain("\"usage\"");
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("stream-model")))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.custom_stream_field", equalTo("true"))));
  }

  @Test
  void upstreamRateLimitIs429WithItsRetryAfter() throws Exception {
    HttpResponse<String> r = call("/v1/chat/completions", Harness.chatBody("limited"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).hasValue("3");
    assertThat(r.body())
        .contains("Rate limit reached for requests")
        .contains("\"type\":\"rate_limit_error\"");
  }

  @Test
  void upstreamServerErrorIs502KeepingTheMessage() throws Exception {
    HttpResponse<String> r = call("/v1/chat/completions", Harness.chatBody("broken"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
    assertThat(r.body()).contains("The server had an error while processing your request");
  }

  /**
   * Issue 18, item 9: the upstream refusing the deployment's own key is not the caller's fault. It
   * must not look like a wrong caller key (401 with the upstream key's masked suffix): 502 saying
   * that the deployment's credentials were refused.
   */
  @Test
  void upstreamAuthErrorsAreGatewayErrorsNotTheCallersKey() throws Exception {
    for (String model : List.of("locked", "denied")) {
      HttpResponse<String> r = call("/v1/chat/completions", Harness.chatBody(model));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
      JsonNode error = Json.read(r.body(), JsonNode.class).get("error");
      assertThat(error.get("type").asText()).isEqualTo("api_error");
      assertThat(error.get("code").asText()).isEqualTo("upstream_auth_failed");
      assertThat(error.get("message").asText())
          .contains("credentials")
          .contains("deployment")
          .doesNotContain("sk-")
          .doesNotContain("Incorrect API key provided");
    }
  }

  @Test
  void embeddings() throws Exception {
    HttpResponse<String> r =
        call("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.read(r.body(), JsonNode.class).at("/data/0/embedding/1").asDouble())
        .isEqualTo(-0.25);
  }

  @Test
  void responsesAreServedByTheNativeUpstream() throws Exception {
    HttpResponse<String> r =
        call("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"custom_field\":7}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.read(r.body(), JsonNode.class);
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Hello from responses");
    assertThat(body.get("service_tier").asText()).isEqualTo("default");
    assertThat(r.headers().firstValue("x-llmux-deployment"))
        .hasValue("upstream/gpt-4o-mini-2024-07-18");
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/responses"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
            .withRequestBody(matchingJsonPath("$.input", equalTo("Hi")))
            .withRequestBody(matchingJsonPath("$.custom_field", equalTo("7")))
            .withRequestBody(matchingJsonPath("$.store", equalTo("false"))));
  }

  @Test
  void aNativeResponsesStreamIsRelayedInOpenAisFraming() throws Exception {
    HttpResponse<String> r =
        call("/v1/responses", "{\"model\":\"streamer\",\"input\":\"Hi\",\"stream\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String[]> events = FacadeResponsesTest.events(r.body());
    assertThat(events).hasSize(RESPONSE_EVENTS.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode upstream = Json.read(RESPONSE_EVENTS.get(i), JsonNode.class);
      assertThat(events.get(i)[0]).isEqualTo(upstream.get("type").asText());
      // Every field the upstream sent, unknown ones included, is relayed.
      assertThat(Json.read(events.get(i)[1], JsonNode.class)).isEqualTo(upstream);
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/responses"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("stream-model")))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
  }

  @Test
  void legacyCompletionsAreServedByTheNativeUpstream() throws Exception {
    HttpResponse<String> r =
        call("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Say\",\"echo\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.read(r.body(), JsonNode.class).at("/choices/0/text").asText())
        .isEqualTo(" hi there");
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("Say")))
            .withRequestBody(matchingJsonPath("$.echo", equalTo("true"))));
  }
}
