package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input is a clean 4xx whose message names the field and what was expected, never a 5xx and
 * never the name of an internal class or a Jackson feature (issue 18, item 8).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  /** What an error message must never contain. */
  static final Pattern INTERNALS =
      Pattern.compile(
          "dev\\.llmux|java\\.|javax\\.|com\\.fasterxml|jackson|Feature|`|Exception|SELECT|INSERT|UPDATE llmux|llmux_",
          Pattern.CASE_INSENSITIVE);

  Harness h;
  AdminHarness admin;

  @BeforeAll
  void start() throws Exception {
    h = new Harness();
    admin = new AdminHarness();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      h.close();
    } finally {
      admin.close();
    }
  }

  static JsonNode error(HttpResponse<String> r) {
    return Json.read(r.body(), JsonNode.class).path("error");
  }

  static void assertClean400(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what + " -> " + r.body()).isEqualTo(400);
    String message = error(r).path("message").asText();
    assertThat(message).as(what).isNotBlank().doesNotContainPattern(INTERNALS);
  }

  @Test
  void jsonNullIs400() throws Exception {
    assertClean400(h.post("/v1/chat/completions", "null"), "null");
    assertThat(error(h.post("/v1/chat/completions", "null")).path("code").asText())
        .isEqualTo("invalid_json");
  }

  @Test
  void trailingDataAndConcatenatedDocumentsAre400() throws Exception {
    String one = Harness.chatBody("gpt-4o-mini");
    assertClean400(h.post("/v1/chat/completions", one + " x"), "trailing garbage");
    assertClean400(h.post("/v1/chat/completions", one + one), "two documents");
    assertClean400(h.post("/v1/chat/completions", one + "\n" + one), "two documents, a newline");
    assertClean400(h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"a\"} []"), "embed");
  }

  @Test
  void fractionalIntegersAre400NamingTheField() throws Exception {
    HttpResponse<String> r =
        h.post(
            "/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertClean400(r, "max_tokens 1.5");
    assertThat(error(r).path("param").asText()).isEqualTo("max_tokens");
    assertThat(error(r).path("message").asText()).contains("max_tokens").contains("integer");
    assertClean400(
        h.post(
            "/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"n\":2.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
        "n 2.5");
    assertClean400(
        h.post(
            "/v1/responses",
            "{\"model\":\"gpt-4o-mini\",\"max_output_tokens\":0.5,\"input\":\"Hi\"}"),
        "max_output_tokens 0.5");
    assertClean400(
        h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"a\",\"dimensions\":1.5}"),
        "dimensions 1.5");
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/', three bytes
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xFF}
    };
    for (byte[] b : bad) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(
          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
              .getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(b);
      body.writeBytes("\"}]}".getBytes(StandardCharsets.US_ASCII));
      String answer = rawPost("/v1/chat/completions", body.toByteArray());
      assertThat(answer).as(java.util.Arrays.toString(b)).startsWith("HTTP/1.1 400");
      assertThat(answer.substring(answer.indexOf("\r\n\r\n")))
          .doesNotContainPattern(INTERNALS)
          .containsIgnoringCase("UTF-8");
    }
  }

  String rawPost(String path, byte[] body) throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Connection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aResponsesFunctionToolWithoutANameIs400() throws Exception {
    HttpResponse<String> r =
        h.post(
            "/v1/responses",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"tools\":[{\"type\":\"function\",\"parameters\":{}}]}");
    assertClean400(r, "function tool without a name");
    assertThat(error(r).path("message").asText()).contains("name");
  }

  @Test
  void overlongAliasesAre400NamingTheFieldAndTheLimit() throws Exception {
    String alias = "a".repeat(257);
    HttpResponse<String> key =
        admin.post("/key/generate", AdminHarness.MASTER, "{\"key_alias\":\"" + alias + "\"}");
    assertClean400(key, "key_alias");
    assertThat(error(key).path("message").asText()).contains("key_alias").contains("256");
    HttpResponse<String> team =
        admin.post("/team/new", AdminHarness.MASTER, "{\"team_alias\":\"" + alias + "\"}");
    assertClean400(team, "team_alias");
    assertThat(error(team).path("message").asText()).contains("team_alias").contains("256");
    // 256 is fine
    assertThat(
            admin
                .post(
                    "/key/generate",
                    AdminHarness.MASTER,
                    "{\"key_alias\":\"" + "b".repeat(256) + "\"}")
                .statusCode())
        .isEqualTo(200);
  }

  /** Wrong shapes for every endpoint: never a 5xx, and messages free of internals. */
  @Test
  void wrongShapesAreClean400s() throws Exception {
    String msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    List<String[]> cases = new ArrayList<>();
    for (String body :
        List.of(
            "{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":{\"a\":1},\"content\":\"x\"}]}",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[1]}",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":{\"x\":1}}]}",
            "{\"model\":\"gpt-4o-mini\",\"temperature\":\"hot\"," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"stream\":\"yes\"," + msgs + "}",
            "{\"model\":[\"a\"]," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"tools\":[{\"type\":\"function\",\"function\":{}}],"
                + msgs
                + "}",
            "{\"model\":\"gpt-4o-mini\",\"tools\":\"x\"," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"stop\":{\"a\":1}," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"stream_options\":5," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"response_format\":\"json\"," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"tool_choice\":5," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"n\":99999999999999999999," + msgs + "}",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":\"5\"," + msgs + "}",
            "[1,2]",
            "\"a string\"",
            "123",
            "{",
            "{\"a\":}",
            "NaN",
            "{\"model\":\"gpt-4o-mini\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"model\":\"gpt-4o-mini\",\"temperature\":1" + "0".repeat(2000) + "," + msgs + "}")) {
      cases.add(new String[] {"/v1/chat/completions", body});
    }
    for (String body :
        List.of(
            "{\"model\":\"gpt-4o-mini\",\"input\":5}",
            "{\"model\":\"gpt-4o-mini\",\"input\":[{\"type\":\"message\",\"content\":7}]}",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"text\":{\"format\":5}}",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"reasoning\":[1]}")) {
      cases.add(new String[] {"/v1/responses", body});
    }
    for (String body :
        List.of(
            "{\"model\":\"embed\",\"input\":{\"a\":1}}",
            "{\"model\":\"embed\",\"input\":\"x\",\"dimensions\":\"big\"}")) {
      cases.add(new String[] {"/v1/embeddings", body});
    }
    for (String body :
        List.of(
            "{\"model\":\"gpt-4o-mini\",\"prompt\":{\"a\":1}}",
            "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\",\"max_tokens\":[1]}")) {
      cases.add(new String[] {"/v1/completions", body});
    }
    for (String[] c : cases) {
      assertNo5xxAndClean(h.post(c[0], c[1]), c[0] + " " + abbreviate(c[1]));
    }
    for (String body :
        List.of("{", "[1]", "{\"max_budget\":\"lots\"}", "{\"models\":5}", "{\"metadata\":5}")) {
      assertClean400(
          admin.post("/key/generate", AdminHarness.MASTER, body), "/key/generate " + body);
    }
  }

  /**
   * Never a 5xx; an error's message free of internals. (A few odd shapes are accepted leniently,
   * such as a Responses message item whose content is a number: forwarded, the upstream decides.)
   */
  static void assertNo5xxAndClean(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(error(r).path("message").asText())
          .as(what)
          .isNotBlank()
          .doesNotContainPattern(INTERNALS);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
