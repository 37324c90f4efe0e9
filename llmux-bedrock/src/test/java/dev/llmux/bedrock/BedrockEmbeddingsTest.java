package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BedrockEmbeddingsTest extends BedrockTestSupport {

  @Test
  void titanV2TakesOneTextPerCallWithDimensions() {
    String path = "/model/amazon.titan-embed-text-v2%3A0/invoke";
    wm.stubFor(
        post(path)
            .withRequestBody(equalToJson("{\"inputText\":\"first\",\"dimensions\":256}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"embedding\":[0.1,-0.2,0.3],\"embeddingsByType\":{\"float\":[0.1,-0.2,0.3]},\"inputTextTokenCount\":2}")));
    wm.stubFor(
        post(path)
            .withRequestBody(equalToJson("{\"inputText\":\"second one\",\"dimensions\":256}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"embedding\":[0.4,0.5,-0.6],\"inputTextTokenCount\":3}")));
    EmbeddingRequest request =
        new EmbeddingRequest(
            "amazon.titan-embed-text-v2:0", List.of("first", "second one"), null, 256, null, null);
    EmbeddingResponse r = bedrock().embed(request, OPTIONS);
    assertThat(r.data()).hasSize(2);
    assertThat(r.data().get(0).index()).isZero();
    assertThat(r.data().get(1).vector()).containsExactly(new float[] {0.4f, 0.5f, -0.6f});
    assertThat(r.usage().promptTokens()).isEqualTo(5);
    wm.verify(
        2, postRequestedFor(urlEqualTo(path)).withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void cohereTakesTheListInOneCallAndCountsTokensFromTheHeader() {
    String path = "/model/cohere.embed-english-v3/invoke";
    wm.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Amzn-Bedrock-Input-Token-Count", "7")
                    .withBody(
                        "{\"embeddings\":[[0.1,0.2],[0.3,0.4]],\"id\":\"e1\",\"response_type\":\"embeddings_floats\","
                            + "\"texts\":[\"hello\",\"world\"]}")));
    EmbeddingRequest request =
        new EmbeddingRequest(
            "cohere.embed-english-v3",
            List.of("hello", "world"),
            null,
            null,
            null,
            java.util.Map.of("input_type", "search_query"));
    EmbeddingResponse r = bedrock().embed(request, OPTIONS);
    assertThat(r.data()).hasSize(2);
    assertThat(r.data().get(1).vector()).containsExactly(new float[] {0.3f, 0.4f});
    assertThat(r.usage().promptTokens()).isEqualTo(7);
    wm.verify(
        postRequestedFor(urlEqualTo(path))
            .withRequestBody(
                equalToJson("{\"texts\":[\"hello\",\"world\"],\"input_type\":\"search_query\"}")));
  }

  @Test
  void cohereByTypeAnswersAndV4Dimensions() {
    String path = "/model/us.cohere.embed-v4%3A0/invoke";
    wm.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"embeddings\":{\"float\":[[0.5,0.6]]},\"id\":\"e2\",\"response_type\":\"embeddings_by_type\"}")));
    EmbeddingResponse r =
        bedrock()
            .embed(
                new EmbeddingRequest("us.cohere.embed-v4:0", "hi", null, 256, null, null), OPTIONS);
    assertThat(r.data().get(0).vector()).containsExactly(new float[] {0.5f, 0.6f});
    wm.verify(
        postRequestedFor(urlEqualTo(path))
            .withRequestBody(
                equalToJson(
                    "{\"texts\":[\"hi\"],\"input_type\":\"search_document\",\"output_dimension\":256}")));
  }

  @Test
  void otherModelsAndInputsAreRefused() {
    assertThatThrownBy(
            () ->
                bedrock()
                    .embed(
                        EmbeddingRequest.of("anthropic.claude-3-haiku-20240307-v1:0", "x"),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Titan");
    assertThatThrownBy(
            () ->
                bedrock()
                    .embed(
                        new EmbeddingRequest(
                            "amazon.titan-embed-text-v1", "x", null, 64, null, null),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("v2 only");
    assertThatThrownBy(
            () ->
                bedrock()
                    .embed(
                        new EmbeddingRequest(
                            "amazon.titan-embed-text-v2:0", "x", "base64", null, null, null),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
