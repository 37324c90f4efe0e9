package dev.llmux.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
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
import dev.llmux.providers.internal.anthropic.AnthropicRequests;
import dev.llmux.providers.internal.anthropic.AnthropicResponses;
import dev.llmux.providers.internal.anthropic.AnthropicStreamTranslator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The Anthropic Messages wire, translated from and to the OpenAI chat shape. Thread-safe. */
final class AnthropicProvider implements Provider {
  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  static final String DEFAULT_VERSION = "2023-06-01";
  static final Set<String> SETTINGS = Set.of("headers", "anthropic_version", "anthropic_beta");

  private final ProviderConfig config;
  private final HttpUrl messagesUrl;
  private final HttpUrl modelsUrl;
  private final Headers headers;
  private final Clock clock;

  private AnthropicProvider(ProviderConfig config, HttpUrl base, Headers headers, Clock clock) {
    this.config = config;
    this.messagesUrl = base.newBuilder().addPathSegments("v1/messages").build();
    this.modelsUrl = base.newBuilder().addPathSegments("v1/models").build();
    this.headers = headers;
    this.clock = clock;
  }

  static AnthropicProvider create(ProviderConfig config) {
    Settings settings = Settings.of(config, SETTINGS);
    HttpUrl base = Settings.baseUrl(config, DEFAULT_BASE_URL);
    if (config.apiKey() == null || config.apiKey().isBlank()) {
      throw Settings.invalid(config, "api_key", "is required");
    }
    Headers.Builder h =
        new Headers.Builder()
            .set("x-api-key", config.apiKey())
            .set("anthropic-version", settings.string("anthropic_version", DEFAULT_VERSION));
    List<String> beta = settings.stringList("anthropic_beta");
    if (!beta.isEmpty()) {
      h.set("anthropic-beta", String.join(",", beta));
    }
    for (Map.Entry<String, String> e : settings.stringMap("headers").entrySet()) {
      try {
        h.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw settings.invalid(
            "headers", "has an invalid header '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    return new AnthropicProvider(config, base, h.build(), Clock.systemUTC());
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    check(request);
    Request http =
        JsonHttp.post(messagesUrl, headers, AnthropicRequests.body(request, false), options);
    JsonNode msg = JsonHttp.execute(http, options, ErrorMapper::fromHttp);
    return AnthropicResponses.toChat(msg, AnthropicRequests.jsonToolName(request), now());
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    check(request);
    Request http =
        JsonHttp.post(messagesUrl, headers, AnthropicRequests.body(request, true), options);
    return JsonHttp.stream(
        http,
        options,
        ErrorMapper::fromHttp,
        ErrorMapper::fromStreamError,
        new AnthropicStreamTranslator(
            AnthropicRequests.jsonToolName(request), now(), request.model()));
  }

  /** {@code GET /v1/models} (first page, up to 1000 models). */
  @Override
  public ModelList listModels(CallOptions options) {
    Request.Builder b =
        new Request.Builder()
            .url(modelsUrl.newBuilder().addQueryParameter("limit", "1000").build())
            .headers(headers)
            .get();
    options.headers().forEach(b::header);
    JsonNode page = getJson(b.build(), options);
    List<Model> models = new ArrayList<>();
    for (JsonNode m : page.path("data")) {
      models.add(Model.of(m.path("id").asText(), "anthropic"));
    }
    return ModelList.of(models);
  }

  private JsonNode getJson(Request request, CallOptions options) {
    // JsonHttp.execute works for any method.
    return JsonHttp.execute(request, options, ErrorMapper::fromHttp);
  }

  private static void check(ChatCompletionRequest request) {
    if (request.model() == null || request.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
  }

  private long now() {
    return clock.millis() / 1000;
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + config + "]";
  }
}
