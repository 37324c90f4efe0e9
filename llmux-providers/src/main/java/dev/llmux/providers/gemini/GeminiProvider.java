package dev.llmux.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.JsonHttp;
import dev.llmux.providers.internal.Settings;
import dev.llmux.providers.internal.Translation;
import dev.llmux.providers.internal.gemini.GeminiRequests;
import dev.llmux.providers.internal.gemini.GeminiResponses;
import dev.llmux.providers.internal.gemini.GeminiStreamTranslator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The Gemini API wire, translated from and to the OpenAI chat and embeddings shapes. Thread-safe.
 */
final class GeminiProvider implements Provider {
  static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
  static final String DEFAULT_API_VERSION = "v1beta";
  static final Set<String> SETTINGS = Set.of("headers", "api_version");

  private final ProviderConfig config;
  private final HttpUrl versionBase;
  private final Headers headers;
  private final Clock clock;

  private GeminiProvider(ProviderConfig config, HttpUrl versionBase, Headers headers, Clock clock) {
    this.config = config;
    this.versionBase = versionBase;
    this.headers = headers;
    this.clock = clock;
  }

  static GeminiProvider create(ProviderConfig config) {
    Settings settings = Settings.of(config, SETTINGS);
    HttpUrl base = Settings.baseUrl(config, DEFAULT_BASE_URL);
    if (config.apiKey() == null || config.apiKey().isBlank()) {
      throw Settings.invalid(config, "api_key", "is required");
    }
    String version = settings.string("api_version", DEFAULT_API_VERSION);
    if (version.isBlank() || version.contains("/")) {
      throw settings.invalid(
          "api_version", "must be a single path segment such as v1beta, got '" + version + "'");
    }
    Headers.Builder h = new Headers.Builder().set("x-goog-api-key", config.apiKey());
    for (Map.Entry<String, String> e : settings.stringMap("headers").entrySet()) {
      try {
        h.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw settings.invalid(
            "headers", "has an invalid header '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    return new GeminiProvider(
        config, base.newBuilder().addPathSegment(version).build(), h.build(), Clock.systemUTC());
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  /**
   * {@code {base}/{version}/models/{model}:{method}}; a {@code models/} prefix on the model is
   * accepted.
   */
  HttpUrl url(String model, String method) {
    if (model == null || model.isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
    return versionBase
        .newBuilder()
        .addPathSegment("models")
        .addPathSegment(m + ":" + method)
        .build();
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    Request http =
        JsonHttp.post(
            url(request.model(), "generateContent"),
            headers,
            GeminiRequests.body(request),
            options);
    JsonNode r = JsonHttp.execute(http, options, ErrorMapper::fromGoogle);
    return GeminiResponses.toChat(r, request.model(), now());
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    HttpUrl u =
        url(request.model(), "streamGenerateContent")
            .newBuilder()
            .addQueryParameter("alt", "sse")
            .build();
    Request http = JsonHttp.post(u, headers, GeminiRequests.body(request), options);
    return JsonHttp.stream(
        http,
        options,
        ErrorMapper::fromGoogle,
        ErrorMapper::fromStreamError,
        new GeminiStreamTranslator(request.model(), now()));
  }

  /**
   * One string: {@code :embedContent}; a list of strings: {@code :batchEmbedContents}. {@code
   * dimensions} → {@code outputDimensionality}. Token-id inputs and {@code encoding_format: base64}
   * are rejected. Gemini reports no token usage for embeddings, so usage is left for the router to
   * estimate.
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    if ("base64".equals(request.encodingFormat())) {
      throw new BadRequestException(
          "encoding_format base64 is not supported by gemini", "encoding_format");
    }
    List<Object> items = request.inputItems();
    for (Object item : items) {
      if (!(item instanceof String)) {
        throw new BadRequestException("gemini embeddings take text inputs, not token ids", "input");
      }
    }
    String m =
        request.model().startsWith("models/") ? request.model() : "models/" + request.model();
    List<Embedding> out = new ArrayList<>();
    if (request.input() instanceof String text) {
      ObjectNode body = embedRequest(null, text, request.dimensions());
      JsonNode r =
          JsonHttp.execute(
              JsonHttp.post(url(request.model(), "embedContent"), headers, body, options),
              options,
              ErrorMapper::fromGoogle);
      out.add(Embedding.of(0, values(r.path("embedding"))));
    } else {
      ObjectNode body = Translation.object();
      ArrayNode requests = body.putArray("requests");
      for (Object item : items) {
        requests.add(embedRequest(m, (String) item, request.dimensions()));
      }
      JsonNode r =
          JsonHttp.execute(
              JsonHttp.post(url(request.model(), "batchEmbedContents"), headers, body, options),
              options,
              ErrorMapper::fromGoogle);
      int i = 0;
      for (JsonNode e : r.path("embeddings")) {
        out.add(Embedding.of(i++, values(e)));
      }
      if (out.size() != items.size()) {
        throw ErrorMapper.malformed(
            "gemini returned " + out.size() + " embeddings for " + items.size() + " inputs",
            200,
            null);
      }
    }
    return EmbeddingResponse.of(out, request.model(), null);
  }

  private static ObjectNode embedRequest(String model, String text, Integer dimensions) {
    ObjectNode req = Translation.object();
    if (model != null) {
      req.put("model", model);
    }
    req.putObject("content").putArray("parts").addObject().put("text", text);
    if (dimensions != null) {
      req.put("outputDimensionality", dimensions);
    }
    return req;
  }

  private static List<Double> values(JsonNode embedding) {
    JsonNode v = embedding.path("values");
    if (!v.isArray()) {
      throw ErrorMapper.malformed("gemini embedding without values", 200, null);
    }
    List<Double> out = new ArrayList<>(v.size());
    v.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  /** {@code GET {base}/{version}/models} (first page, up to 1000). */
  @Override
  public ModelList listModels(CallOptions options) {
    Request.Builder b =
        new Request.Builder()
            .url(
                versionBase
                    .newBuilder()
                    .addPathSegment("models")
                    .addQueryParameter("pageSize", "1000")
                    .build())
            .headers(headers)
            .get();
    options.headers().forEach(b::header);
    JsonNode r = JsonHttp.execute(b.build(), options, ErrorMapper::fromGoogle);
    List<Model> models = new ArrayList<>();
    for (JsonNode m : r.path("models")) {
      String name = m.path("name").asText();
      models.add(Model.of(name.startsWith("models/") ? name.substring(7) : name, "google"));
    }
    return ModelList.of(models);
  }

  private long now() {
    return clock.millis() / 1000;
  }

  @Override
  public String toString() {
    return "GeminiProvider[" + config + "]";
  }
}
