package dev.llmux.facade;

import static dev.llmux.facade.FacadeHttpTest.assertError;
import static dev.llmux.facade.FacadeHttpTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/responses} and {@code /v1/completions} over real sockets, served from a fake provider
 * (the router maps both onto its chat): JSON, the Responses SSE framing byte for byte, errors
 * before and after the stream started, client disconnect, keys.
 */
class FacadeResponsesTest {
  /** One Responses SSE event exactly: {@code event: <type>\ndata: <json>\n\n}. */
  static final Pattern EVENT = Pattern.compile("event: ([^\\n]+)\\ndata: ([^\\n]+)\\n\\n");

  static String responsesBody(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"input\":\"Hi\""
        + (stream ? ",\"stream\":true" : "")
        + "}";
  }

  static String completionBody(String model) {
    return "{\"model\":\"" + model + "\",\"prompt\":\"Say hi\",\"max_tokens\":5}";
  }

  /**
   * Splits a Responses SSE body into (type, data) pairs, failing unless it is exactly a run of
   * events.
   */
  static List<String[]> events(String body) {
    List<String[]> out = new ArrayList<>();
    Matcher m = EVENT.matcher(body);
    int at = 0;
    while (at < body.length()) {
      assertThat(m.find(at) && m.start() == at)
          .as("an event at offset %d of:%n%s", at, body)
          .isTrue();
      out.add(new String[] {m.group(1), m.group(2)});
      at = m.end();
    }
    return out;
  }

  @Test
  void responsesAnswersJsonWithRoutingHeaders() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r =
          h.post("/v1/responses", responsesBody("gpt-4o-mini", false), "x-request-id", "resp-1");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.headers().firstValue("x-request-id")).hasValue("resp-1");
      assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-attempts")).hasValue("1");
      assertThat(r.headers().firstValue("x-llmux-cache-hit")).hasValue("false");
      assertThat(r.headers().firstValue("x-llmux-overhead-ms").orElseThrow())
          .matches("\\d+\\.\\d{3}");
      JsonNode body = json(r);
      assertThat(body.get("object").asText()).isEqualTo("response");
      assertThat(body.get("status").asText()).isEqualTo("completed");
      assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
      assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Hello from ok");
      assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(9);
      assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(3);
      // The provider saw the mapped chat request, with the upstream model.
      assertThat(h.provider.requests)
          .anyMatch(
              o ->
                  o instanceof ChatCompletionRequest c
                      && c.model().equals("ok")
                      && c.messages().get(0).content().toString().contains("Hi"));
      // Without /v1 too.
      assertThat(h.post("/responses", responsesBody("gpt-4o-mini", false)).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void responsesStreamIsOpenAisSseFraming() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r =
          h.post("/v1/responses", responsesBody("gpt-4o-mini", true), "x-request-id", "rs-1");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
      assertThat(r.headers().firstValue("x-request-id")).hasValue("rs-1");
      assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-attempts")).hasValue("1");
      assertThat(r.headers().firstValue("x-llmux-overhead-ms").orElseThrow())
          .matches("\\d+\\.\\d{3}");
      // Nothing but "event: <type>\ndata: <json>\n\n" events; no [DONE].
      List<String[]> events = events(r.body());
      assertThat(r.body()).doesNotContain("[DONE]");
      List<String> types = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int seq = 0;
      for (String[] e : events) {
        JsonNode data = Json.read(e[1], JsonNode.class);
        // The event line names the JSON's own type; sequence numbers run from 0 without gaps.
        assertThat(data.get("type").asText()).isEqualTo(e[0]);
        assertThat(data.get("sequence_number").asInt()).isEqualTo(seq++);
        types.add(e[0]);
        if (e[0].equals("response.output_text.delta")) {
          text.append(data.get("delta").asText());
        }
      }
      assertThat(types.get(0)).isEqualTo("response.created");
      assertThat(types.get(1)).isEqualTo("response.in_progress");
      assertThat(types)
          .contains(
              "response.output_item.added",
              "response.content_part.added",
              "response.output_text.done",
              "response.content_part.done",
              "response.output_item.done");
      assertThat(types.get(types.size() - 1)).isEqualTo("response.completed");
      assertThat(text.toString()).isEqualTo(String.join("", FakeProvider.STREAM_TEXTS));
      JsonNode completed = Json.read(events.get(events.size() - 1)[1], JsonNode.class);
      assertThat(completed.at("/response/output/0/content/0/text").asText()).isEqualTo("Hello!");
      assertThat(completed.at("/response/usage/total_tokens").asInt()).isEqualTo(12);
      // The first event is written byte for byte as LLMux's JSON of it.
      assertThat(r.body())
          .startsWith(
              "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,");
    }
  }

  @Test
  void anErrorAfterTheStreamStartedIsOpenAisErrorEventThenTheEnd() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r = h.post("/v1/responses", responsesBody("mid-fail", true));
      assertThat(r.statusCode()).isEqualTo(200);
      List<String[]> events = events(r.body());
      String[] last = events.get(events.size() - 1);
      int before = events.size() - 1;
      assertThat(before).isGreaterThanOrEqualTo(1);
      assertThat(events.get(0)[0]).isEqualTo("response.created");
      assertThat(last[0]).isEqualTo("error");
      assertThat(last[1])
          .isEqualTo(
              "{\"type\":\"error\",\"code\":\"upstream_error\","
                  + "\"message\":\"upstream connection reset mid-stream\",\"param\":null,\"sequence_number\":"
                  + before
                  + "}");
      assertThat(r.body()).endsWith("event: error\ndata: " + last[1] + "\n\n");
    }
  }

  @Test
  void anErrorBeforeTheFirstEventIsAJsonErrorResponse() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r = h.post("/v1/responses", responsesBody("ratelimited", true));
      assertError(r, 429, "rate_limit_error", null, null);
      assertThat(r.headers().firstValue("retry-after")).hasValue("2");
      assertError(
          h.post("/v1/responses", responsesBody("ratelimited", false)),
          429,
          "rate_limit_error",
          null,
          null);
      assertThat(h.post("/v1/responses", responsesBody("upstream-503", true)).statusCode())
          .isEqualTo(503);
    }
  }

  @Test
  void badRequestsAndUnknownModels() throws Exception {
    try (Harness h = new Harness()) {
      assertError(
          h.post("/v1/responses", "{\"input\":\"Hi\"}"),
          400,
          "invalid_request_error",
          null,
          "model");
      assertError(
          h.post("/v1/completions", "{\"prompt\":\"Hi\"}"),
          400,
          "invalid_request_error",
          null,
          "model");
      assertError(
          h.post("/v1/responses", "{\"model\":"),
          400,
          "invalid_request_error",
          "invalid_json",
          null);
      assertError(
          h.post("/v1/responses", responsesBody("no-such-model", false)),
          404,
          "invalid_request_error",
          "model_not_found",
          "model");
      assertError(
          h.post("/v1/responses", responsesBody("no-such-model", true)),
          404,
          "invalid_request_error",
          "model_not_found",
          "model");
      assertError(
          h.post("/v1/completions", completionBody("no-such-model")),
          404,
          "invalid_request_error",
          "model_not_found",
          "model");
      // LLMux stores nothing: store:true and previous_response_id are refused.
      assertThat(
              h.post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"store\":true}")
                  .statusCode())
          .isEqualTo(400);
      // A streamed legacy completion a chat upstream cannot serve (echo) is refused by the router.
      assertError(
          h.post(
              "/v1/completions",
              "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Hi\",\"echo\":true,\"stream\":true}"),
          400,
          "invalid_request_error",
          null,
          "prompt");
      // Only POST.
      HttpResponse<String> get = h.get("/v1/responses");
      assertError(get, 405, "invalid_request_error", "method_not_allowed", null);
      assertThat(get.headers().firstValue("allow")).hasValue("POST");
      assertError(
          h.get("/v1/completions"), 405, "invalid_request_error", "method_not_allowed", null);
      // Stored responses are not served.
      assertError(
          h.get("/v1/responses/resp_123"),
          400,
          "invalid_request_error",
          "unsupported_endpoint",
          null);
    }
  }

  @Test
  void completionsAnswersJson() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r =
          h.post("/v1/completions", completionBody("gpt-4o-mini"), "x-request-id", "cmpl-1");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-request-id")).hasValue("cmpl-1");
      assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-overhead-ms")).isPresent();
      JsonNode body = json(r);
      assertThat(body.get("object").asText()).isEqualTo("text_completion");
      assertThat(body.at("/choices/0/text").asText()).isEqualTo("Hello from ok");
      assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(12);
      assertThat(h.post("/completions", completionBody("gpt-4o-mini")).statusCode()).isEqualTo(200);
      HttpResponse<String> e = h.post("/v1/completions", completionBody("upstream-500"));
      assertThat(e.statusCode()).isEqualTo(502);
      assertThat(e.body()).contains("upstream said: internal failure");
    }
  }

  @Test
  void clientDisconnectCancelsTheResponsesStream() throws Exception {
    try (Harness h = new Harness()) {
      h.provider.slowInterval = Duration.ofMillis(50);
      try (Socket s = new Socket("127.0.0.1", h.server.port())) {
        byte[] body = responsesBody("slow", true).getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        assertThat(FacadeHttpTest.readHead(in))
            .startsWith("HTTP/1.1 200")
            .contains("text/event-stream");
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains("\n\n")) {
          int b = in.read();
          assertThat(b).isNotNegative();
          got.append((char) b);
        }
        assertThat(got.toString()).contains("event: response.created\ndata: {");
        s.setSoLinger(true, 0);
      }
      assertThat(h.provider.slowStreamClosed.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void keysAndTheirModelsApply() throws Exception {
    try (Harness h =
        new Harness(
            ServerConfig.builder()
                .port(0)
                .masterKey("sk-m")
                .keys(
                    List.of(
                        new ServerConfig.Key(
                            "sk-team",
                            "team-key",
                            List.of("gpt-4o-mini"),
                            "alice",
                            "team-a",
                            null)))
                .build())) {
      assertError(
          h.post("/v1/responses", responsesBody("gpt-4o-mini", false)),
          401,
          "authentication_error",
          "invalid_api_key",
          null);
      assertError(
          h.post("/v1/completions", completionBody("gpt-4o-mini"), "Authorization", "Bearer sk-no"),
          401,
          "authentication_error",
          "invalid_api_key",
          null);
      assertError(
          h.post("/v1/responses", responsesBody("embed", false), "api-key", "sk-team"),
          403,
          "permission_error",
          "model_not_allowed",
          "model");
      assertError(
          h.post("/v1/responses", responsesBody("embed", true), "api-key", "sk-team"),
          403,
          "permission_error",
          "model_not_allowed",
          "model");
      assertError(
          h.post("/v1/completions", completionBody("embed"), "api-key", "sk-team"),
          403,
          "permission_error",
          "model_not_allowed",
          "model");
      assertThat(
              h.post("/v1/responses", responsesBody("gpt-4o-mini", true), "api-key", "sk-team")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              h.post("/v1/completions", completionBody("gpt-4o-mini"), "x-api-key", "sk-team")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              h.post("/v1/responses", responsesBody("embed", false), "Authorization", "Bearer sk-m")
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
