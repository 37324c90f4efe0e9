package dev.llmux.providers.openai;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.CompletionChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import dev.llmux.api.spi.ResponseEventStream;
import dev.llmux.providers.internal.CallDeadline;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.JsonHttp;
import dev.llmux.providers.internal.Settings;
import dev.llmux.providers.internal.SseEvent;
import dev.llmux.providers.internal.SseStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The OpenAI wire (chat completions, streamed over SSE; embeddings; models) for the {@code openai},
 * {@code azure} and {@code openai-compatible} types, which differ only in their {@link Endpoints}
 * and authentication headers. One method call is one HTTP call. Thread-safe and immutable.
 */
final class OpenAiProvider implements Provider {
  static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
  static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

  static final Set<String> OPENAI_SETTINGS =
      Set.of("organization", "project", "headers", "stream_usage");
  static final Set<String> AZURE_SETTINGS = Set.of("api_version", "headers", "stream_usage");
  static final Set<String> PRESET_SETTINGS = Set.of("headers", "stream_usage", "drop_params");

  private static final ProviderSetting HEADERS =
      ProviderSetting.of(
          "headers", Kind.STRING_MAP, "extra_headers", "extra HTTP headers sent on every call");
  private static final ProviderSetting STREAM_USAGE =
      ProviderSetting.of(
          "stream_usage", Kind.BOOLEAN, "ask for a final usage chunk on streams (stream_options)");
  static final List<ProviderSetting> OPENAI_SETTING_SPECS =
      List.of(
          HEADERS,
          ProviderSetting.of(
              "organization", Kind.STRING, "organization", "sent as OpenAI-Organization"),
          ProviderSetting.of("project", Kind.STRING, "sent as OpenAI-Project"),
          STREAM_USAGE);
  static final List<ProviderSetting> AZURE_SETTING_SPECS =
      List.of(
          HEADERS,
          ProviderSetting.of(
              "api_version",
              Kind.STRING,
              "api_version",
              "Azure OpenAI api-version query parameter"),
          STREAM_USAGE);
  static final List<ProviderSetting> PRESET_SETTING_SPECS =
      List.of(
          HEADERS,
          STREAM_USAGE,
          ProviderSetting.of(
              "drop_params",
              Kind.BOOLEAN,
              "drop_params",
              "drop the parameters the vendor refuses instead of answering 400"));

  private final ProviderConfig config;
  private final Endpoints endpoints;
  private final Headers headers;
  private final boolean streamUsage;

  /**
   * Whether the upstream has the Responses API (openai and azure; not assumed of openai-compatible
   * servers).
   */
  private final boolean nativeResponses;

  /**
   * Whether legacy completions go to the upstream's {@code /completions} (else mapped onto chat).
   */
  private final boolean nativeCompletions;

  /** A preset's parameter quirks, or {@code null}. */
  private final ParamPolicy policy;

  /**
   * Whether this is a named vendor preset (its stream_usage false means: send no stream_options).
   */
  private final boolean preset;

  private OpenAiProvider(
      ProviderConfig config, Endpoints endpoints, Headers headers, boolean streamUsage) {
    this(
        config,
        endpoints,
        headers,
        streamUsage,
        !OpenAiCompatibleProviderFactory.TYPE.equals(config.type()),
        true,
        null,
        false);
  }

  private OpenAiProvider(
      ProviderConfig config,
      Endpoints endpoints,
      Headers headers,
      boolean streamUsage,
      boolean nativeResponses,
      boolean nativeCompletions,
      ParamPolicy policy,
      boolean preset) {
    this.config = config;
    this.nativeResponses = nativeResponses;
    this.nativeCompletions = nativeCompletions;
    this.endpoints = endpoints;
    this.headers = headers;
    this.streamUsage = streamUsage;
    this.policy = policy == null || policy.isEmpty() ? null : policy;
    this.preset = preset;
  }

  /**
   * A named OpenAI-compatible vendor: the preset's base URL unless {@code base_url} is set (with
   * {@code /v1} appended when the preset says so), {@code Authorization: Bearer} (the key required
   * unless the preset is a local server), and the preset's parameter policy.
   */
  static OpenAiProvider preset(ProviderConfig config, OpenAiPreset preset) {
    Settings settings = Settings.of(config, PRESET_SETTINGS);
    HttpUrl base = Settings.baseUrl(config, preset.defaultBaseUrl());
    if (preset.appendV1() && config.baseUrl() != null && !config.baseUrl().isBlank()) {
      java.util.List<String> segments = base.pathSegments();
      if (!"v1".equals(segments.get(segments.size() - 1))) {
        base = base.newBuilder().addPathSegment("v1").build();
      }
    }
    boolean hasKey = config.apiKey() != null && !config.apiKey().isBlank();
    if (preset.keyRequired() && !hasKey) {
      throw Settings.invalid(config, "api_key", "is required (" + preset.vendor() + ")");
    }
    Headers.Builder h = new Headers.Builder();
    if (hasKey) {
      h.set("Authorization", "Bearer " + config.apiKey());
    }
    addHeaders(h, settings);
    ParamPolicy policy =
        new ParamPolicy(
            preset.type(), preset.rules(), preset.renames(), settings.bool("drop_params", false));
    return new OpenAiProvider(
        config,
        Endpoints.OpenAi.under(base),
        h.build(),
        settings.bool("stream_usage", preset.streamUsage()),
        false,
        preset.nativeCompletions(),
        policy,
        true);
  }

  /**
   * {@code openai}: base URL defaults to OpenAI's; {@code Authorization: Bearer} when a key is set.
   */
  static OpenAiProvider openAi(ProviderConfig config) {
    return openAiWire(config, OPENAI_DEFAULT_BASE_URL);
  }

  /** {@code openai-compatible}: like {@code openai}, but the base URL is required. */
  static OpenAiProvider compatible(ProviderConfig config) {
    return openAiWire(config, null);
  }

  private static OpenAiProvider openAiWire(ProviderConfig config, String defaultBaseUrl) {
    Settings settings = Settings.of(config, OPENAI_SETTINGS);
    HttpUrl base = Settings.baseUrl(config, defaultBaseUrl);
    Headers.Builder h = new Headers.Builder();
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      h.set("Authorization", "Bearer " + config.apiKey());
    }
    String organization = settings.string("organization", null);
    if (organization != null) {
      h.set("OpenAI-Organization", organization);
    }
    String project = settings.string("project", null);
    if (project != null) {
      h.set("OpenAI-Project", project);
    }
    addHeaders(h, settings);
    return new OpenAiProvider(
        config, Endpoints.OpenAi.under(base), h.build(), settings.bool("stream_usage", true));
  }

  /**
   * {@code azure}: base URL and API key required; {@code api-key} header; {@code api_version}
   * setting.
   */
  static OpenAiProvider azure(ProviderConfig config) {
    Settings settings = Settings.of(config, AZURE_SETTINGS);
    HttpUrl base = Settings.baseUrl(config, null);
    if (config.apiKey() == null || config.apiKey().isBlank()) {
      throw Settings.invalid(config, "api_key", "is required");
    }
    String apiVersion = settings.string("api_version", AZURE_DEFAULT_API_VERSION);
    if (apiVersion.isBlank()) {
      throw settings.invalid("api_version", "must not be blank");
    }
    Headers.Builder h = new Headers.Builder().set("api-key", config.apiKey());
    addHeaders(h, settings);
    return new OpenAiProvider(
        config,
        new Endpoints.Azure(base, apiVersion),
        h.build(),
        settings.bool("stream_usage", true));
  }

  private static void addHeaders(Headers.Builder h, Settings settings) {
    for (Map.Entry<String, String> e : settings.stringMap("headers").entrySet()) {
      try {
        h.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw settings.invalid(
            "headers", "has an invalid header '" + e.getKey() + "': " + bad.getMessage());
      }
    }
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    ChatCompletionRequest body = policy == null ? request : policy.apply(request);
    if (body.stream() != null || body.streamOptions() != null) {
      body = body.toBuilder().stream(null).streamOptions(null).build();
    }
    Request http = post(endpoints.chat(deployment(request.model())), body, options);
    ChatCompletionResponse response = execute(http, options, ChatCompletionResponse.class);
    if (response.choices().isEmpty() && response.extra().containsKey("error")) {
      throw errorIn(response.extra());
    }
    return response;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    Request http = post(endpoints.embeddings(deployment(request.model())), request, options);
    EmbeddingResponse response = execute(http, options, EmbeddingResponse.class);
    if (response.data().isEmpty() && response.extra().containsKey("error")) {
      throw errorIn(response.extra());
    }
    return response;
  }

  @Override
  public boolean supportsResponses() {
    return nativeResponses;
  }

  /** {@code POST {base}/responses} (azure: {@code {base}/openai/v1/responses}), sent as is. */
  @Override
  public ResponseObject responses(ResponsesRequest request, CallOptions options) {
    Request http =
        post(endpoints.responses(deployment(request.model())), request.withStream(null), options);
    ResponseObject response = execute(http, options, ResponseObject.class);
    if (response.id() == null && response.output().isEmpty() && response.error() != null) {
      // An error object with a success status.
      throw ErrorMapper.fromStreamError(Json.write(Map.of("error", response.error())));
    }
    return response;
  }

  /**
   * A streamed Responses API call: each SSE event is a {@link ResponseStreamEvent}; the stream ends
   * after {@code response.completed} / {@code response.incomplete}, or with the body; an {@code
   * error} event or {@code response.failed} is thrown as the mapped error.
   */
  @Override
  public ResponseEventStream streamResponses(ResponsesRequest request, CallOptions options) {
    Request http =
        post(endpoints.responses(deployment(request.model())), request.withStream(true), options);
    return JsonHttp.streamResponses(
        http,
        options,
        ErrorMapper::fromHttp,
        ErrorMapper::fromStreamError,
        new ResponseEventTranslator());
  }

  /** Native Responses events: parsed as they are; errors thrown. */
  static final class ResponseEventTranslator implements SseStream.Translator<ResponseStreamEvent> {
    @Override
    public boolean onEvent(SseEvent event, java.util.function.Consumer<ResponseStreamEvent> out) {
      if (event.isDone()) {
        return true;
      }
      ResponseStreamEvent e;
      try {
        e = Json.mapper().readValue(event.data(), ResponseStreamEvent.class);
      } catch (IOException ex) {
        throw ErrorMapper.malformed(
            "not a Responses stream event: " + ErrorMapper.truncate(event.data()), 200, ex);
      }
      String type = e.type() != null ? e.type() : String.valueOf(event.event());
      if ("error".equals(type)) {
        Map<String, Object> err = new java.util.LinkedHashMap<>(e.extra());
        if (e.text() != null) {
          err.putIfAbsent("message", e.text());
        }
        throw ErrorMapper.fromStreamError(Json.write(Map.of("error", err)));
      }
      if ("response.failed".equals(type)) {
        Object err = e.response() == null ? null : e.response().error();
        throw ErrorMapper.fromStreamError(
            Json.write(Map.of("error", err == null ? Map.of("message", "response failed") : err)));
      }
      out.accept(e);
      return "response.completed".equals(type) || "response.incomplete".equals(type);
    }
  }

  @Override
  public boolean supportsCompletions() {
    return nativeCompletions;
  }

  /** {@code POST {base}/completions} (azure: the deployment's {@code /completions}), sent as is. */
  @Override
  public CompletionResponse completions(CompletionRequest request, CallOptions options) {
    if (Boolean.TRUE.equals(request.stream())) {
      throw new BadRequestException(
          "stream: true is served by streamCompletions, not completions", "stream");
    }
    Request http = post(endpoints.completions(deployment(request.model())), request, options);
    CompletionResponse response = execute(http, options, CompletionResponse.class);
    if (response.choices().isEmpty() && response.extra().containsKey("error")) {
      throw errorIn(response.extra());
    }
    return response;
  }

  /**
   * {@code POST {base}/completions} with {@code stream: true}: OpenAI's {@code text_completion}
   * chunks, {@code data: [DONE]} at the end; {@code stream_options.include_usage} is asked for as
   * in {@link #streamChat} (the {@code stream_usage} setting).
   */
  @Override
  public CompletionChunkStream streamCompletions(CompletionRequest request, CallOptions options) {
    Map<String, Object> extra = new java.util.LinkedHashMap<>(request.extra());
    if (!streamUsage && preset) {
      extra.remove("stream_options");
    } else if (streamUsage) {
      Map<String, Object> so = new java.util.LinkedHashMap<>();
      if (extra.get("stream_options") instanceof Map<?, ?> asked) {
        asked.forEach((k, v) -> so.put(String.valueOf(k), v));
      }
      so.put("include_usage", true);
      extra.put("stream_options", so);
    }
    CompletionRequest body =
        new CompletionRequest(
            request.model(),
            request.prompt(),
            request.suffix(),
            request.maxTokens(),
            request.temperature(),
            request.topP(),
            request.n(),
            request.stop(),
            request.echo(),
            request.logprobs(),
            request.presencePenalty(),
            request.frequencyPenalty(),
            request.seed(),
            request.user(),
            true,
            extra);
    Request http = post(endpoints.completions(deployment(request.model())), body, options);
    return JsonHttp.streamCompletions(
        http,
        options,
        ErrorMapper::fromHttp,
        ErrorMapper::fromStreamError,
        new CompletionChunkTranslator());
  }

  /** OpenAI's text_completion chunks: parsed as they are; errors in the stream thrown. */
  static final class CompletionChunkTranslator implements SseStream.Translator<CompletionResponse> {
    @Override
    public boolean onEvent(SseEvent event, java.util.function.Consumer<CompletionResponse> out) {
      if (event.isDone()) {
        return true;
      }
      if ("error".equals(event.event())) {
        throw ErrorMapper.fromStreamError(event.data());
      }
      CompletionResponse chunk;
      try {
        chunk = Json.mapper().readValue(event.data(), CompletionResponse.class);
      } catch (IOException e) {
        throw ErrorMapper.malformed(
            "stream chunk is not a text_completion: " + ErrorMapper.truncate(event.data()), 200, e);
      }
      if (chunk == null) {
        throw ErrorMapper.malformed("null stream chunk", 200, null);
      }
      if (chunk.choices().isEmpty()
          && chunk.usage() == null
          && chunk.extra().containsKey("error")) {
        throw ErrorMapper.fromStreamError(Json.write(Map.of("error", chunk.extra().get("error"))));
      }
      out.accept(chunk);
      return false;
    }
  }

  /**
   * The upstream's models; for {@code azure}, an empty list (Azure's data-plane API has no listing
   * of deployments; the router lists its configured model groups itself).
   */
  @Override
  public ModelList listModels(CallOptions options) {
    HttpUrl url = endpoints.models();
    if (url == null) {
      return ModelList.of(List.of());
    }
    Request.Builder b = new Request.Builder().url(url).headers(headers).get();
    options.headers().forEach(b::header);
    return execute(b.build(), options, ModelList.class);
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    ChatCompletionRequest.Builder b =
        (policy == null ? request : policy.apply(request)).toBuilder().stream(true);
    if (!streamUsage && preset) {
      // A preset whose upstream refuses stream_options (Mistral answers 422 to unknown fields).
      b.streamOptions(null);
    } else if (streamUsage) {
      StreamOptions asked = request.streamOptions();
      b.streamOptions(new StreamOptions(true, asked == null ? null : asked.extra()));
    }
    Request http = post(endpoints.chat(deployment(request.model())), b.build(), options);

    return JsonHttp.stream(
        http,
        options,
        ErrorMapper::fromHttp,
        ErrorMapper::fromStreamError,
        new OpenAiChunkTranslator());
  }

  /** The chat completions URL (for tests of the presets' default base URLs). */
  HttpUrl chatUrl(String model) {
    return endpoints.chat(model);
  }

  private String deployment(String model) {
    if (model == null || model.isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    return model;
  }

  private Request post(HttpUrl url, Object body, CallOptions options) {
    return JsonHttp.post(url, headers, body, options);
  }

  private <T> T execute(Request request, CallOptions options, Class<T> type) {
    Call call = JsonHttp.newCall(request, options);
    CallDeadline deadline = CallDeadline.start(call, options.timeout());
    try (deadline;
        Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw errorFrom(response);
      }
      byte[] bytes = response.body().bytes();
      if (bytes.length == 0) {
        throw ErrorMapper.malformed("empty body", response.code(), null);
      }
      T value;
      try {
        value = Json.mapper().readValue(bytes, type);
      } catch (IOException e) {
        throw ErrorMapper.malformed(
            "not a " + type.getSimpleName() + ": " + e.getMessage(), response.code(), e);
      }
      if (value == null) {
        throw ErrorMapper.malformed("null body", response.code(), null);
      }
      return value;
    } catch (IOException e) {
      throw ErrorMapper.fromIOException(deadline.timeoutOr(e));
    }
  }

  private static LlmException errorFrom(Response response) {
    return JsonHttp.errorFrom(response, ErrorMapper::fromHttp);
  }

  private static LlmException errorIn(Map<String, Object> extra) {
    return ErrorMapper.fromStreamError(Json.write(Map.of("error", extra.get("error"))));
  }

  @Override
  public String toString() {
    return "OpenAiProvider[" + config + "]";
  }
}
