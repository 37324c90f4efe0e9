package dev.llmux.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.JsonHttp;
import dev.llmux.providers.internal.Translation;
import dev.llmux.providers.internal.anthropic.AnthropicRequests;
import dev.llmux.providers.internal.anthropic.AnthropicResponses;
import dev.llmux.providers.internal.anthropic.AnthropicStreamTranslator;
import dev.llmux.providers.internal.gemini.GeminiRequests;
import dev.llmux.providers.internal.gemini.GeminiResponses;
import dev.llmux.providers.internal.gemini.GeminiStreamTranslator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Google Cloud Vertex AI: Gemini models (publisher {@code google}) with the same translation as the
 * {@code gemini} type, and Anthropic's Claude models (publisher {@code anthropic}) with the same
 * translation as the {@code anthropic} type, both under {@code
 * {base}/{api_version}/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}}
 * with an OAuth2 bearer token. Thread-safe.
 */
final class VertexProvider implements Provider {
  /** Which translation serves a model. */
  enum Publisher {
    AUTO,
    GOOGLE,
    ANTHROPIC
  }

  static final String DEFAULT_ANTHROPIC_VERSION = "vertex-2023-10-16";

  private final ProviderConfig config;
  private final HttpUrl locationUrl;
  private final Headers headers;
  private final AccessTokens tokens;
  private final Publisher publisher;
  private final String anthropicVersion;
  private final Clock clock;

  VertexProvider(
      ProviderConfig config,
      HttpUrl locationUrl,
      Headers headers,
      AccessTokens tokens,
      Publisher publisher,
      String anthropicVersion,
      Clock clock) {
    this.config = config;
    this.locationUrl = locationUrl;
    this.headers = headers;
    this.tokens = tokens;
    this.publisher = publisher;
    this.anthropicVersion = anthropicVersion;
    this.clock = clock;
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  /** The model name without a {@code publishers/x/models/} or {@code models/} prefix. */
  static String modelName(String model) {
    if (model == null || model.isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    String m = model.strip();
    int at = m.lastIndexOf("/models/");
    if (at >= 0) {
      return m.substring(at + "/models/".length());
    }
    return m.startsWith("models/") ? m.substring("models/".length()) : m;
  }

  /**
   * Claude models go to publisher anthropic unless the {@code publisher} setting says otherwise.
   */
  boolean isAnthropic(String model) {
    if (publisher != Publisher.AUTO) {
      return publisher == Publisher.ANTHROPIC;
    }
    return model.toLowerCase(Locale.ROOT).startsWith("claude");
  }

  HttpUrl url(String publisherName, String model, String method) {
    return locationUrl
        .newBuilder()
        .addPathSegment("publishers")
        .addPathSegment(publisherName)
        .addPathSegment("models")
        .addPathSegment(model + ":" + method)
        .build();
  }

  private Headers authorized() {
    Headers.Builder b = headers.newBuilder().set("Authorization", "Bearer " + tokens.token());
    String quotaProject = tokens.credentials().getQuotaProjectId();
    if (quotaProject != null && headers.get("x-goog-user-project") == null) {
      b.set("x-goog-user-project", quotaProject);
    }
    return b.build();
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    String model = modelName(request.model());
    if (isAnthropic(model)) {
      Request http =
          JsonHttp.post(
              url("anthropic", model, "rawPredict"),
              authorized(),
              anthropicBody(request, false),
              options);
      JsonNode msg = JsonHttp.execute(http, options, ErrorMapper::fromGoogle);
      return AnthropicResponses.toChat(msg, AnthropicRequests.jsonToolName(request), now());
    }
    Request http =
        JsonHttp.post(
            url("google", model, "generateContent"),
            authorized(),
            GeminiRequests.body(request),
            options);
    JsonNode r = JsonHttp.execute(http, options, ErrorMapper::fromGoogle);
    return GeminiResponses.toChat(r, request.model(), now());
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    String model = modelName(request.model());
    if (isAnthropic(model)) {
      Request http =
          JsonHttp.post(
              url("anthropic", model, "streamRawPredict"),
              authorized(),
              anthropicBody(request, true),
              options);
      return JsonHttp.stream(
          http,
          options,
          ErrorMapper::fromGoogle,
          ErrorMapper::fromStreamError,
          new AnthropicStreamTranslator(
              AnthropicRequests.jsonToolName(request), now(), request.model()));
    }
    HttpUrl u =
        url("google", model, "streamGenerateContent")
            .newBuilder()
            .addQueryParameter("alt", "sse")
            .build();
    Request http = JsonHttp.post(u, authorized(), GeminiRequests.body(request), options);
    return JsonHttp.stream(
        http,
        options,
        ErrorMapper::fromGoogle,
        ErrorMapper::fromStreamError,
        new GeminiStreamTranslator(request.model(), now()));
  }

  /**
   * Anthropic's Messages body as Vertex takes it: without {@code model} (it is in the URL), with
   * {@code anthropic_version} ({@code vertex-2023-10-16}) in the body rather than a header.
   */
  private ObjectNode anthropicBody(ChatCompletionRequest request, boolean stream) {
    ObjectNode body = AnthropicRequests.body(request, stream);
    body.remove("model");
    ObjectNode out = Translation.object().put("anthropic_version", anthropicVersion);
    out.setAll(body);
    return out;
  }

  /**
   * Vertex's text embeddings ({@code text-embedding-005}, {@code text-multilingual-embedding-002},
   * {@code gemini-embedding-001}): {@code :predict} with one instance per input ({@code {"content":
   * text}}, plus {@code task_type} from the request's extra field), {@code dimensions} → {@code
   * parameters.outputDimensionality}; usage from each prediction's {@code statistics.token_count}.
   * Claude models have no embeddings (400).
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    String model = modelName(request.model());
    if (isAnthropic(model)) {
      throw new BadRequestException("Anthropic models on vertex_ai have no embeddings", "model");
    }
    if ("base64".equals(request.encodingFormat())) {
      throw new BadRequestException(
          "encoding_format base64 is not supported by vertex_ai", "encoding_format");
    }
    ObjectNode body = Translation.object();
    ArrayNode instances = body.putArray("instances");
    Object taskType = request.extra().get("task_type");
    int count = 0;
    for (Object item : request.inputItems()) {
      if (!(item instanceof String text)) {
        throw new BadRequestException(
            "vertex_ai embeddings take text inputs, not token ids", "input");
      }
      ObjectNode instance = instances.addObject().put("content", text);
      if (taskType != null) {
        instance.put("task_type", taskType.toString());
      }
      count++;
    }
    if (request.dimensions() != null) {
      body.putObject("parameters").put("outputDimensionality", request.dimensions());
    }
    JsonNode r =
        JsonHttp.execute(
            JsonHttp.post(url("google", model, "predict"), authorized(), body, options),
            options,
            ErrorMapper::fromGoogle);
    JsonNode predictions = r.path("predictions");
    if (!predictions.isArray() || predictions.size() != count) {
      throw ErrorMapper.malformed(
          "vertex_ai returned "
              + (predictions.isArray() ? predictions.size() : 0)
              + " embeddings for "
              + count
              + " inputs",
          200,
          null);
    }
    List<Embedding> out = new ArrayList<>(count);
    int tokens = 0;
    for (JsonNode p : predictions) {
      JsonNode values = p.path("embeddings").path("values");
      if (!values.isArray()) {
        throw ErrorMapper.malformed("vertex_ai prediction without embeddings.values", 200, null);
      }
      List<Double> vector = new ArrayList<>(values.size());
      values.forEach(v -> vector.add(v.asDouble()));
      out.add(Embedding.of(out.size(), vector));
      tokens += p.path("embeddings").path("statistics").path("token_count").asInt();
    }
    return EmbeddingResponse.of(out, request.model(), tokens > 0 ? Usage.of(tokens, 0) : null);
  }

  /**
   * The configured models: Vertex's publisher model listing is a different API (Model Garden) that
   * needs other permissions; the router lists its configured model groups itself.
   */
  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(List.of());
  }

  private long now() {
    return clock.millis() / 1000;
  }

  @Override
  public String toString() {
    return "VertexProvider[" + config + "]";
  }
}
