package dev.llmux.openai;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.model.Model;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.ChatStream;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An openai-java {@link HttpClient} that serves the SDK's calls from an {@link LlmRouter} in
 * process, with no network hop:
 *
 * <ul>
 *   <li>{@code POST /chat/completions}: {@link LlmRouter#chat}, or {@link LlmRouter#stream} when
 *       the body says {@code "stream": true} (an SSE body produced lazily from the {@link
 *       ChatStream}; closing the SDK's stream closes it and cancels the upstream call);
 *   <li>{@code POST /responses}: {@link LlmRouter#responses}, or {@link LlmRouter#streamResponses}
 *       when the body says {@code "stream": true} (an SSE body in the Responses format, {@code
 *       event: <type>} and {@code data: <event>} per event, produced lazily from the {@link
 *       ResponseStream}; closing the SDK's stream closes it);
 *   <li>{@code POST /completions}: {@link LlmRouter#completions} (legacy text completions), or
 *       {@link LlmRouter#streamCompletions} when the body says {@code "stream": true} (an SSE body
 *       in the chat framing);
 *   <li>{@code POST /embeddings}: {@link LlmRouter#embed};
 *   <li>{@code GET /models} and {@code GET /models/{id}}: {@link LlmRouter#models()}.
 * </ul>
 *
 * <p>Every other call (audio, images, files, batches, stored responses...) goes to the pass-through
 * client when one is configured, unchanged (the SDK has already put its base URL and API key on the
 * request), else fails with a 400 {@code invalid_request_error}, code {@code unsupported_endpoint}.
 *
 * <p>A routed failure ({@link LlmException}) comes back as an HTTP response with the exception's
 * status, an OpenAI error body and, for 429s, {@code retry-after}, so the SDK throws its own typed
 * exception ({@code BadRequestException}, {@code UnauthorizedException}, {@code NotFoundException},
 * {@code RateLimitException}, {@code InternalServerException}...). A failure in the middle of a
 * chat stream arrives as an OpenAI error event, which the SDK throws as {@code SseException}; in
 * the middle of a Responses stream, as the Responses API's {@code error} event (the SDK's {@code
 * ResponseErrorEvent}), as OpenAI sends it.
 *
 * <p>The {@link RequestContext} of each call is the configured supplier's, overlaid with these
 * request headers (set per call with the SDK's {@code putAdditionalHeader}): {@code x-llmux-user},
 * {@code x-llmux-team}, {@code x-llmux-org}, {@code x-llmux-end-user}, {@code x-llmux-key}, {@code
 * x-llmux-request-id}, {@code x-llmux-tags} (comma-separated), {@code x-llmux-timeout-ms}, {@code
 * x-llmux-fallbacks} ({@code true}/{@code false}), {@code x-llmux-metadata-<name>}. Responses carry
 * {@code x-request-id}, {@code x-llmux-deployment}, {@code x-llmux-model-group}, {@code
 * x-llmux-attempts} and {@code x-llmux-cache-hit} (read them with {@code withRawResponse()}).
 *
 * <p>The SDK's own retries should be off ({@code maxRetries(0)}; {@link LlmuxOpenAi} does this):
 * the router retries and falls back. The SDK's timeouts do not apply to routed calls; the router's
 * do. Closing this client does not close the router (it belongs to the caller) but closes the
 * pass-through client.
 */
public final class LlmuxHttpClient implements HttpClient {
  /** Request header prefix for per-call context. */
  public static final String HEADER_PREFIX = "x-llmux-";

  private final LlmRouter router;
  private final Supplier<RequestContext> context;
  private final HttpClient passThrough;
  private final Executor executor;
  private final ExecutorService ownExecutor;

  private LlmuxHttpClient(Builder b) {
    this.router = b.router;
    this.context = b.context;
    this.passThrough = b.passThrough;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.ownExecutor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "llmux-openai-async-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.executor = ownExecutor;
    }
  }

  /** A client serving every routed call from {@code router}; other calls fail with a 400. */
  public static LlmuxHttpClient of(LlmRouter router) {
    return builder(router).build();
  }

  public static Builder builder(LlmRouter router) {
    return new Builder(router);
  }

  @Override
  public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
    Route route = route(request);
    if (route == Route.NOT_SERVED) {
      if (passThrough != null) {
        return passThrough.execute(request, requestOptions);
      }
      return OpenAiErrors.badRequest(
          "LLMux serves POST /chat/completions, POST /responses, POST /completions, POST /embeddings, GET /models"
              + " and GET /models/{id} in process; "
              + request.method()
              + " /"
              + String.join("/", request.pathSegments())
              + " is not served (configure a pass-through client to send it to a real OpenAI endpoint)",
          "unsupported_endpoint");
    }
    RequestContext ctx;
    try {
      ctx = contextOf(request.headers());
    } catch (IllegalArgumentException e) {
      return OpenAiErrors.badRequest(e.getMessage(), "invalid_llmux_header");
    }
    try {
      switch (route) {
        case CHAT:
          return chat(request, ctx);
        case RESPONSES:
          return responses(request, ctx);
        case COMPLETIONS:
          return completions(request, ctx);
        case EMBEDDINGS:
          return embeddings(request, ctx);
        case MODELS:
          return json(200, router.models(), null);
        case MODEL:
          return model(request);
        default:
          throw new IllegalStateException(route.name());
      }
    } catch (LlmException e) {
      return OpenAiErrors.response(e, ctx.requestId());
    } catch (IllegalArgumentException e) {
      return OpenAiErrors.badRequest(e.getMessage(), null);
    }
  }

  @Override
  public CompletableFuture<HttpResponse> executeAsync(
      HttpRequest request, RequestOptions requestOptions) {
    if (route(request) == Route.NOT_SERVED && passThrough != null) {
      return passThrough.executeAsync(request, requestOptions);
    }
    return CompletableFuture.supplyAsync(() -> execute(request, requestOptions), executor);
  }

  @Override
  public void close() {
    if (passThrough != null) {
      passThrough.close();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
  }

  // ---------------------------------------------------------------- routes

  private enum Route {
    CHAT,
    RESPONSES,
    COMPLETIONS,
    EMBEDDINGS,
    MODELS,
    MODEL,
    NOT_SERVED
  }

  private static Route route(HttpRequest request) {
    List<String> path = request.pathSegments();
    HttpMethod method = request.method();
    if (method == HttpMethod.POST && path.equals(List.of("chat", "completions"))) {
      return Route.CHAT;
    }
    if (method == HttpMethod.POST && path.equals(List.of("responses"))) {
      return Route.RESPONSES;
    }
    if (method == HttpMethod.POST && path.equals(List.of("completions"))) {
      return Route.COMPLETIONS;
    }
    if (method == HttpMethod.POST && path.equals(List.of("embeddings"))) {
      return Route.EMBEDDINGS;
    }
    if (method == HttpMethod.GET && path.equals(List.of("models"))) {
      return Route.MODELS;
    }
    if (method == HttpMethod.GET && path.size() >= 2 && path.get(0).equals("models")) {
      return Route.MODEL;
    }
    return Route.NOT_SERVED;
  }

  private HttpResponse chat(HttpRequest request, RequestContext ctx) {
    ChatCompletionRequest body = Json.read(bodyBytes(request), ChatCompletionRequest.class);
    if (body.model() == null || body.model().isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (body.isStream()) {
      ChatStream stream = router.stream(body, ctx);
      Headers.Builder headers =
          Headers.builder()
              .put("content-type", "text/event-stream; charset=utf-8")
              .put("cache-control", "no-cache");
      routeHeaders(headers, stream.result());
      return InMemoryResponse.streaming(200, headers.build(), SseBody.chat(stream));
    }
    RouteResult<ChatCompletionResponse> result = router.chat(body, ctx);
    return json(200, result.response(), result);
  }

  private HttpResponse responses(HttpRequest request, RequestContext ctx) {
    ResponsesRequest body = Json.read(bodyBytes(request), ResponsesRequest.class);
    if (body.model() == null || body.model().isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (body.isStream()) {
      ResponseStream stream = router.streamResponses(body, ctx);
      Headers.Builder headers =
          Headers.builder()
              .put("content-type", "text/event-stream; charset=utf-8")
              .put("cache-control", "no-cache");
      routeHeaders(headers, stream.result());
      return InMemoryResponse.streaming(200, headers.build(), SseBody.responses(stream));
    }
    RouteResult<ResponseObject> result = router.responses(body, ctx);
    return json(200, result.response(), result);
  }

  private HttpResponse completions(HttpRequest request, RequestContext ctx) {
    CompletionRequest body = Json.read(bodyBytes(request), CompletionRequest.class);
    if (body.model() == null || body.model().isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (Boolean.TRUE.equals(body.stream())) {
      CompletionStream stream = router.streamCompletions(body, ctx);
      Headers.Builder headers =
          Headers.builder()
              .put("content-type", "text/event-stream; charset=utf-8")
              .put("cache-control", "no-cache");
      routeHeaders(headers, stream.result());
      return InMemoryResponse.streaming(200, headers.build(), SseBody.completions(stream));
    }
    RouteResult<CompletionResponse> result = router.completions(body, ctx);
    return json(200, result.response(), result);
  }

  private HttpResponse embeddings(HttpRequest request, RequestContext ctx) {
    EmbeddingRequest body = Json.read(bodyBytes(request), EmbeddingRequest.class);
    if (body.model() == null || body.model().isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    RouteResult<EmbeddingResponse> result = router.embed(body, ctx);
    return json(200, result.response(), result);
  }

  private HttpResponse model(HttpRequest request) {
    List<String> path = request.pathSegments();
    String id = String.join("/", path.subList(1, path.size()));
    for (Model m : router.models().data()) {
      if (m.id().equals(id)) {
        return json(200, m, null);
      }
    }
    throw NotFoundException.model(id);
  }

  private static HttpResponse json(int status, Object value, RouteResult<?> result) {
    Headers.Builder headers = Headers.builder().put("content-type", "application/json");
    if (result != null) {
      routeHeaders(headers, result);
    }
    return InMemoryResponse.of(status, headers.build(), Json.writeBytes(value));
  }

  private static void routeHeaders(Headers.Builder headers, RouteResult<?> result) {
    if (result.requestId() != null) {
      headers.put("x-request-id", result.requestId());
    }
    if (result.deploymentId() != null) {
      headers.put("x-llmux-deployment", result.deploymentId());
    }
    if (result.modelGroup() != null) {
      headers.put("x-llmux-model-group", result.modelGroup());
    }
    headers.put("x-llmux-attempts", Integer.toString(result.attempts().size()));
    headers.put("x-llmux-cache-hit", Boolean.toString(result.cacheHit()));
  }

  private static byte[] bodyBytes(HttpRequest request) {
    HttpRequestBody body = request.body();
    if (body == null) {
      throw new IllegalArgumentException("a request body is required");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- context

  private RequestContext contextOf(Headers headers) {
    RequestContext base = Objects.requireNonNullElse(context.get(), RequestContext.EMPTY);
    RequestContext.Builder b = null;
    Map<String, String> metadata = null;
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.startsWith(HEADER_PREFIX)) {
        continue;
      }
      List<String> values = headers.values(name);
      String value = values.isEmpty() ? "" : values.get(values.size() - 1).trim();
      if (b == null) {
        b = base.toBuilder();
      }
      String key = lower.substring(HEADER_PREFIX.length());
      switch (key) {
        case "user" -> b.userId(value);
        case "team" -> b.teamId(value);
        case "org" -> b.orgId(value);
        case "end-user" -> b.endUserId(value);
        case "key" -> b.keyId(value);
        case "request-id" -> b.requestId(value);
        case "tags" -> b.tags(tags(value));
        case "timeout-ms" -> b.timeout(Duration.ofMillis(parseLong(name, value)));
        case "fallbacks" -> b.fallbacksEnabled(parseBoolean(name, value));
        default -> {
          if (key.startsWith("metadata-") && key.length() > "metadata-".length()) {
            if (metadata == null) {
              metadata = new LinkedHashMap<>(base.metadata());
            }
            metadata.put(key.substring("metadata-".length()), value);
          } else {
            throw new IllegalArgumentException("unknown LLMux request header '" + name + "'");
          }
        }
      }
    }
    if (b == null) {
      return base;
    }
    if (metadata != null) {
      b.metadata(metadata);
    }
    return b.build();
  }

  private static List<String> tags(String value) {
    List<String> out = new ArrayList<>();
    for (String t : value.split(",")) {
      if (!t.isBlank()) {
        out.add(t.trim());
      }
    }
    return out;
  }

  private static long parseLong(String name, String value) {
    try {
      long v = Long.parseLong(value);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "header '" + name + "' must be a positive number of milliseconds, got '" + value + "'");
    }
  }

  private static boolean parseBoolean(String name, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "header '" + name + "' must be true or false, got '" + value + "'");
  }

  /** Builder of {@link LlmuxHttpClient}. */
  public static final class Builder {
    private final LlmRouter router;
    private Supplier<RequestContext> context = () -> RequestContext.EMPTY;
    private HttpClient passThrough;
    private Executor executor;

    private Builder(LlmRouter router) {
      this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * The base context of every call (for example from a thread-local or the security context);
     * headers overlay it.
     */
    public Builder context(Supplier<RequestContext> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Where calls the router does not serve go, unchanged; {@code null} (the default) answers them
     * with a 400.
     */
    public Builder passThrough(HttpClient passThrough) {
      this.passThrough = passThrough;
      return this;
    }

    /**
     * Runs {@code executeAsync} calls; default: a cached pool of daemon threads owned by this
     * client.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public LlmuxHttpClient build() {
      return new LlmuxHttpClient(this);
    }
  }
}
