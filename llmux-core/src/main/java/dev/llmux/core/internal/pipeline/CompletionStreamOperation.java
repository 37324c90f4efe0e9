package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.CompletionChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.cache.CompletionReplay;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.responses.ChatToCompletionChunks;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A streamed legacy completion ({@code LlmRouter.streamCompletions}): the upstream's native {@code
 * text_completion} stream where the deployment's provider has the API, else its chat stream read as
 * completion chunks ({@link ChatToCompletionChunks}), chosen per attempt. An attempt succeeds once
 * the first chunk arrived, so retries and fallbacks happen before the caller sees anything. Shares
 * cache entries with plain completions: a hit is replayed as chunks, a completed stream is
 * assembled and stored.
 */
final class CompletionStreamOperation
    extends Operation<CompletionRequest, CompletionStreamOperation.Started, CompletionStream> {

  /** A started upstream stream: its first chunk already read, and when. */
  record Started(CompletionChunkStream stream, CompletionResponse first, long firstChunkNanos) {}

  CompletionStreamOperation() {
    super(
        RouterTelemetry.TEXT_COMPLETION,
        RouterTelemetry.TEXT_COMPLETION,
        true,
        RequestType.COMPLETIONS_STREAM);
  }

  @Override
  CompletionStream intercept(
      Interceptor interceptor, Interceptor.Chain<CompletionRequest, CompletionStream> chain) {
    return interceptor.interceptStreamCompletions(chain);
  }

  /** Whether the request asked for a usage chunk ({@code stream_options.include_usage}). */
  static boolean callerWantsUsage(CompletionRequest request) {
    return request.extra().get("stream_options") instanceof Map<?, ?> so
        && Boolean.TRUE.equals(so.get("include_usage"));
  }

  @Override
  Started attempt(
      Call<CompletionRequest, Started, CompletionStream> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    CompletionChunkStream s;
    if (provider.supportsCompletions()) {
      s = provider.streamCompletions(call.request().withModel(upstreamModel(d)), options);
    } else {
      ChatCompletionRequest chat = call.chatShape();
      if (chat == null) {
        chat = ResponsesTranslator.toChat(call.request()); // throws why it cannot map
      }
      s =
          new ChatToCompletionChunks(
              provider.streamChat(
                  chat.toBuilder().model(upstreamModel(d)).stream(true)
                      .streamOptions(StreamOptions.withUsage())
                      .build(),
                  options));
    }
    try {
      if (!s.hasNext()) {
        throw new UpstreamServerException(
            "stream from " + d.id() + " ended before its first chunk", null, null);
      }
      CompletionResponse first = s.next();
      return new Started(s, first, call.pipeline.ticker.read());
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  CompletionStream settle(
      Call<CompletionRequest, Started, CompletionStream> call, SettlementStage stage) {
    Started started = call.value();
    Duration ttft = Duration.ofNanos(started.firstChunkNanos() - call.startNanos);
    Deployment d = call.deployment();
    RequestScope scope = call.scope();
    StreamObserver<CompletionResponse> settle =
        new StreamObserver<>() {
          @Override
          public void onEnd(
              RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
            stage.telemetry.settled(
                scope,
                result.usage(),
                result.cost(),
                result.timeToFirstToken(),
                cancelled ? "cancelled" : "success",
                error);
          }
        };
    try {
      return new RoutedCompletionStream(
          started.stream(),
          started.first(),
          callerWantsUsage(call.request()),
          call.tokens().forDeployment(d),
          TokenCounter.kindFor(d.model()),
          stage.ticker,
          call.startNanos,
          ttft,
          (usage, latency, t) ->
              stage.result(
                  call,
                  SettlementStage.NO_RESPONSE,
                  usage,
                  usage == null ? null : stage.cost(d, usage),
                  latency,
                  t),
          stage.observer(call, settle));
    } catch (RuntimeException e) {
      started.stream().close();
      stage.telemetry.settled(scope, null, null, ttft, "success", e);
      throw e;
    }
  }

  @Override
  String cacheKind() {
    return "completions";
  }

  @Override
  Class<?> storedType() {
    return CompletionResponse.class;
  }

  @Override
  CompletionStream replay(
      Call<CompletionRequest, Started, CompletionStream> call, Object stored, CacheStage stage) {
    CompletionResponse hit = (CompletionResponse) stored;
    RouteResult<Void> r = stage.hit(call, SettlementStage.NO_RESPONSE, hit.usage());
    return CompletionReplay.stream(hit, callerWantsUsage(call.request()), r);
  }

  /** Assembles the stream as it passes and stores it when it completes normally. */
  @Override
  StreamObserver<CompletionResponse> recorder(ResponseCache cache, String key, CacheControl cc) {
    CompletionReplay.Assembler assembler = new CompletionReplay.Assembler();
    return new StreamObserver<>() {
      @Override
      public void onItem(CompletionResponse chunk) {
        assembler.add(chunk);
      }

      @Override
      public void onEnd(RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
        if (error == null && !cancelled) {
          cache.put(key, assembler.build(result.usage()), cc);
        }
      }
    };
  }
}
