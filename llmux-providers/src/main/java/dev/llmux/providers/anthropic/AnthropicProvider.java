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
import dev.llmux.providers.transport.UpstreamRequest;
import dev.llmux.providers.transport.UpstreamTransport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/** The Anthropic Messages wire, translated from and to the OpenAI chat shape. Thread-safe. */
final class AnthropicProvider implements Provider {
  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  static final String DEFAULT_VERSION = "2023-06-01";
  static final Set<String> SETTINGS =
      Set.of("headers", "anthropic_version", "anthropic_beta", Settings.TRANSPORT);

  private final ProviderConfig config;
  private final HttpUrl messagesUrl;
  private final HttpUrl modelsUrl;
  private final List<UpstreamRequest.Header> headers;
  private final UpstreamTransport transport;
  private final Clock clock;

  private AnthropicProvider(
      ProviderConfig config,
      HttpUrl base,
      Headers headers,
      UpstreamTransport transport,
      Clock clock) {
    this.config = config;
    this.transport = transport;
    this.messagesUrl = base.newBuilder().addPathSegments("v1/messages").build();
    this.modelsUrl = base.newBuilder().addPathSegments("v1/models").build();
    this.headers = JsonHttp.headers(headers);
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
    return new AnthropicProvider(config, base, h.build(), settings.transport(), Clock.systemUTC());
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    check(request);
    UpstreamRequest http =
        JsonHttp.post(messagesUrl, headers, AnthropicRequests.body(request, false), options);
    JsonNode msg = JsonHttp.execute(transport, http, options, ErrorMapper::fromHttp);
    return AnthropicResponses.toChat(msg, AnthropicRequests.jsonToolName(request), now());
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    check(request);
    UpstreamRequest http =
        JsonHttp.post(messagesUrl, headers, AnthropicRequests.body(request, true), options);
    return JsonHttp.stream(
        transport,
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
    JsonNode page =
        JsonHttp.execute(
            transport,
            JsonHttp.get(
                modelsUrl.newBuilder().addQueryParameter("limit", "1000").build(),
                headers,
                options),
            options,
            ErrorMapper::fromHttp);
    List<Model> models = new ArrayList<>();
    for (JsonNode m : page.path("data")) {
      models.add(Model.of(m.path("id").asText(), "anthropic"));
    }
    return ModelList.of(models);
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
