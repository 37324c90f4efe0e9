package dev.llmux.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.internal.CallDeadline;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.JsonHttp;
import dev.llmux.providers.internal.Translation;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Amazon Bedrock's runtime API, translated from and to the OpenAI shapes: Converse and
 * ConverseStream for chat, InvokeModel for Titan and Cohere embeddings. Every request is signed (or
 * carries a Bedrock API key) by {@link BedrockAuth}. Thread-safe.
 */
final class BedrockProvider implements Provider {
  private final ProviderConfig config;
  private final HttpUrl base;
  private final Headers headers;
  private final BedrockAuth auth;
  private final Clock clock;

  BedrockProvider(
      ProviderConfig config, HttpUrl base, Headers headers, BedrockAuth auth, Clock clock) {
    this.config = config;
    this.base = base;
    this.headers = headers;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  /** {@code {base}/model/{modelId}/{operation}}, the model id encoded as one path segment. */
  HttpUrl url(String modelId, String operation) {
    return base.newBuilder()
        .addPathSegment("model")
        .addEncodedPathSegment(ModelIds.pathSegment(modelId))
        .addPathSegment(operation)
        .build();
  }

  private Request post(HttpUrl url, byte[] body, CallOptions options, String accept) {
    Request r = JsonHttp.post(url, headers, body, options);
    if (accept != null) {
      r = r.newBuilder().header("Accept", accept).build();
    }
    return auth.authenticate(r, body);
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    String modelId = ModelIds.normalize(request.model());
    byte[] body = Json.writeBytes(ConverseRequests.body(request, modelId));
    Request http = post(url(modelId, "converse"), body, options, "application/json");
    Answer answer = execute(http, options);
    String requestId = answer.headers.get("x-amzn-RequestId");
    return ConverseResponses.toChat(
        answer.json,
        chatId(requestId),
        request.model(),
        ConverseRequests.jsonToolName(request),
        now());
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    String modelId = ModelIds.normalize(request.model());
    byte[] body = Json.writeBytes(ConverseRequests.body(request, modelId));
    Request http =
        post(url(modelId, "converse-stream"), body, options, "application/vnd.amazon.eventstream");
    JsonHttp.Opened opened =
        JsonHttp.open(http, options, BedrockErrors::fromHttp, ErrorMapper::fromStreamError);
    String requestId = opened.response().header("x-amzn-RequestId");
    return new EventStreamChunkStream(
        opened.call(),
        opened.response(),
        options.timeout(),
        new ConverseStreamTranslator(
            chatId(requestId), request.model(), ConverseRequests.jsonToolName(request), now()));
  }

  /**
   * Titan text embeddings ({@code amazon.titan-embed-text-v1}, {@code -v2:0}: one text per
   * InvokeModel call, so a list of n inputs makes n calls) and Cohere embed ({@code
   * cohere.embed-*}: one call for up to 96 texts, {@code input_type} from the request's extra
   * field, default {@code search_document}). {@code dimensions} → Titan v2's {@code dimensions} /
   * Cohere v4's {@code output_dimension}. Usage: the token counts Bedrock reports ({@code
   * inputTextTokenCount}, or the {@code X-Amzn-Bedrock-Input-Token-Count} header).
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    String modelId = ModelIds.normalize(request.model());
    if ("base64".equals(request.encodingFormat())) {
      throw new BadRequestException(
          "encoding_format base64 is not supported by bedrock", "encoding_format");
    }
    List<String> texts = new ArrayList<>();
    for (Object item : request.inputItems()) {
      if (!(item instanceof String s)) {
        throw new BadRequestException(
            "bedrock embeddings take text inputs, not token ids", "input");
      }
      texts.add(s);
    }
    String family = ModelIds.family(modelId);
    String name = ModelIds.modelName(modelId);
    if (family.equals("amazon") && name.startsWith("titan-embed")) {
      return titan(request, modelId, name, texts, options);
    }
    if (family.equals("cohere") && name.startsWith("embed")) {
      return cohere(request, modelId, name, texts, options);
    }
    throw new BadRequestException(
        "bedrock embeddings support Amazon Titan text embeddings and Cohere embed"
            + " models, not '"
            + request.model()
            + "'",
        "model");
  }

  private EmbeddingResponse titan(
      EmbeddingRequest request,
      String modelId,
      String name,
      List<String> texts,
      CallOptions options) {
    boolean v2 = name.startsWith("titan-embed-text-v2");
    List<Embedding> out = new ArrayList<>(texts.size());
    int tokens = 0;
    for (String text : texts) {
      ObjectNode body = Translation.object().put("inputText", text);
      if (request.dimensions() != null) {
        if (!v2) {
          throw new BadRequestException(
              "dimensions is supported by amazon.titan-embed-text-v2 only", "dimensions");
        }
        body.put("dimensions", request.dimensions());
      }
      byte[] bytes = Json.writeBytes(body);
      Answer answer =
          execute(post(url(modelId, "invoke"), bytes, options, "application/json"), options);
      out.add(Embedding.of(out.size(), floats(answer.json.path("embedding"))));
      tokens +=
          answer.json.has("inputTextTokenCount")
              ? answer.json.get("inputTextTokenCount").asInt()
              : headerCount(answer.headers);
    }
    return EmbeddingResponse.of(
        out, request.model(), new Usage(tokens, 0, tokens, null, null, null));
  }

  private EmbeddingResponse cohere(
      EmbeddingRequest request,
      String modelId,
      String name,
      List<String> texts,
      CallOptions options) {
    ObjectNode body = Translation.object();
    texts.forEach(body.putArray("texts")::add);
    Object inputType = request.extra().get("input_type");
    body.put("input_type", inputType == null ? "search_document" : inputType.toString());
    Object truncate = request.extra().get("truncate");
    if (truncate != null) {
      body.put("truncate", truncate.toString().toUpperCase(Locale.ROOT));
    }
    if (request.dimensions() != null) {
      if (!name.startsWith("embed-v4")) {
        throw new BadRequestException(
            "dimensions is supported by cohere.embed-v4 only", "dimensions");
      }
      body.put("output_dimension", request.dimensions());
    }
    Answer answer =
        execute(
            post(url(modelId, "invoke"), Json.writeBytes(body), options, "application/json"),
            options);
    JsonNode embeddings = answer.json.path("embeddings");
    if (embeddings.isObject()) {
      embeddings = embeddings.path("float"); // response_type embeddings_by_type
    }
    if (!embeddings.isArray() || embeddings.size() != texts.size()) {
      throw ErrorMapper.malformed(
          "bedrock cohere answer has "
              + (embeddings.isArray() ? embeddings.size() : 0)
              + " embeddings for "
              + texts.size()
              + " inputs",
          200,
          null);
    }
    List<Embedding> out = new ArrayList<>(texts.size());
    for (JsonNode e : embeddings) {
      out.add(Embedding.of(out.size(), floats(e)));
    }
    int tokens = headerCount(answer.headers);
    return EmbeddingResponse.of(
        out, request.model(), tokens > 0 ? new Usage(tokens, 0, tokens, null, null, null) : null);
  }

  private static int headerCount(Headers headers) {
    String v = headers.get("X-Amzn-Bedrock-Input-Token-Count");
    try {
      return v == null ? 0 : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<Double> floats(JsonNode values) {
    if (!values.isArray()) {
      throw ErrorMapper.malformed("bedrock embedding without a vector", 200, null);
    }
    List<Double> out = new ArrayList<>(values.size());
    values.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  /**
   * The configured models: Bedrock lists foundation models on its control-plane API ({@code
   * bedrock}, not {@code bedrock-runtime}), which needs other permissions; the router lists its
   * configured model groups itself.
   */
  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(List.of());
  }

  @Override
  public void close() {
    auth.close();
  }

  /** A JSON answer and its headers. */
  private record Answer(JsonNode json, Headers headers) {}

  private Answer execute(Request request, CallOptions options) {
    Call call = JsonHttp.newCall(request, options);
    CallDeadline deadline = CallDeadline.start(call, options.timeout());
    try (deadline;
        Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw JsonHttp.errorFrom(response, BedrockErrors::fromHttp);
      }
      byte[] bytes = response.body().bytes();
      JsonNode node;
      try {
        node = bytes.length == 0 ? null : Json.mapper().readTree(bytes);
      } catch (IOException e) {
        throw ErrorMapper.malformed("not JSON: " + e.getMessage(), response.code(), e);
      }
      if (node == null || !node.isObject()) {
        throw ErrorMapper.malformed("not a JSON object", response.code(), null);
      }
      return new Answer(node, response.headers());
    } catch (IOException e) {
      throw ErrorMapper.fromIOException(deadline.timeoutOr(e));
    }
  }

  private static String chatId(String requestId) {
    return "chatcmpl-"
        + (requestId != null && !requestId.isBlank() ? requestId : UUID.randomUUID().toString());
  }

  private long now() {
    return clock.millis() / 1000;
  }

  @Override
  public String toString() {
    return "BedrockProvider[" + config + "]";
  }
}
