package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmux.api.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code routing.strategy: tag-based} from the YAML, with request tags from every place a caller
 * puts them: the {@code x-llmux-tags} header, the body's {@code tags} and {@code metadata.tags},
 * and the key's tags. The body's tags are LLMux's: the upstream (WireMock speaking OpenAI) never
 * sees them.
 */
class TagRoutingTest {
  @TempDir Path dir;
  WireMockServer wm;
  Sidecars fleet;
  Main.Launched facade;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                            + "\"total_tokens\":2}}")));
    fleet =
        new Sidecars(
            dir,
            """
            providers:
              - name: up
                type: openai
                api_key: sk-up
                base_url: %s/v1
                models:
                  - {name: g, model: m-eu, id: eu, tags: [eu]}
                  - {name: g, model: m-us, id: us, tags: [us]}
                  - {name: g, model: m-d, id: d, tags: [default]}
            routing:
              strategy: tag-based
              retry_count: 0
            server:
              master_key: %s
              keys:
                - {key: sk-eu-team, name: eu-team, tags: [eu]}
            """
                .formatted(wm.baseUrl(), Sidecars.MASTER),
            Map.of());
    facade = fleet.start();
  }

  @AfterEach
  void stop() {
    fleet.close();
    wm.stop();
  }

  private String served(String key, String body, String... headers) {
    HttpResponse<String> r = fleet.post(facade, "/v1/chat/completions", key, body, headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("x-llmux-deployment").orElseThrow();
  }

  static String body(String more) {
    return "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]" + more + "}";
  }

  @Test
  void tagsFromTheHeaderTheBodyAndTheKeyChooseTheDeployment() throws Exception {
    String m = Sidecars.MASTER;
    for (int i = 0; i < 5; i++) {
      assertThat(served(m, body(""))).isEqualTo("d"); // untagged: the default deployment
      assertThat(served(m, body(""), "x-llmux-tags", "apac, us")).isEqualTo("us");
      assertThat(served(m, body(",\"tags\":[\"eu\"]"))).isEqualTo("eu");
      assertThat(served(m, body(",\"metadata\":{\"tags\":[\"us\"]}"))).isEqualTo("us");
      assertThat(served(m, body(",\"metadata\":{\"tags\":\"eu\",\"trace\":\"t1\"}")))
          .isEqualTo("eu");
      assertThat(served("sk-eu-team", body(""))).isEqualTo("eu"); // the key's tags
      // tags that match nothing: the default deployment (LiteLLM's semantics)
      assertThat(served(m, body(",\"tags\":[\"apac\"]"))).isEqualTo("d");
    }
    // the upstream never sees LLMux's tags; other metadata is passed on
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(sent).hasSize(35);
    for (LoggedRequest r : sent) {
      JsonNode b = Json.mapper().readTree(r.getBodyAsString());
      assertThat(b.has("tags")).as(r.getBodyAsString()).isFalse();
      assertThat(b.path("metadata").has("tags")).as(r.getBodyAsString()).isFalse();
    }
    assertThat(sent)
        .anySatisfy(
            r ->
                assertThat(
                        Json.mapper().readTree(r.getBodyAsString()).at("/metadata/trace").asText())
                    .isEqualTo("t1"));
  }

  @Test
  void otherNonStringMetadataIsStillRefused() {
    HttpResponse<String> r =
        fleet.post(
            facade,
            "/v1/chat/completions",
            Sidecars.MASTER,
            body(",\"metadata\":{\"other\":[\"x\"]}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_json");
  }
}
