package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.cache.ReplayedChatStream;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.cache.StreamAssembler;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed chat completion ({@code LlmRouter.stream}). An attempt succeeds once the first chunk
 * arrived, so retries and fallbacks happen before the caller sees anything. Shares cache entries
 * with plain chat: a hit is replayed as chunks, a completed stream is assembled and stored.
 */
final class ChatStreamOperation
    extends Operation<ChatCompletionRequest, ChatStreamOperation.Started, ChatStream> {
  private static final Logger log = LoggerFactory.getLogger(ChatStreamOperation.class);

  /** A started upstream stream: its first chunk already read, and when. */
  record Started(ChunkStream stream, ChatCompletionChunk first, long firstChunkNanos) {}

  ChatStreamOperation() {
    super(RouterTelemetry.CHAT, RouterTelemetry.CHAT, true, RequestType.CHAT);
  }

  @Override
  ChatStream intercept(
      Interceptor interceptor, Interceptor.Chain<ChatCompletionRequest, ChatStream> chain) {
    return interceptor.interceptStream(chain);
  }

  private static boolean callerWantsUsage(ChatCompletionRequest request) {
    return request.streamOptions() != null
        && Boolean.TRUE.equals(request.streamOptions().includeUsage());
  }

  @Override
  Started attempt(
      Call<ChatCompletionRequest, Started, ChatStream> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    ChunkStream s = provider.streamChat(ChatOperation.upstream(call.request(), d, true), options);
    try {
      if (!s.hasNext()) {
        throw new UpstreamServerException(
            "stream from " + d.id() + " ended before its first chunk", null, null);
      }
      ChatCompletionChunk first = s.next();
      return new Started(s, first, call.pipeline.ticker.read());
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  ChatStream settle(Call<ChatCompletionRequest, Started, ChatStream> call, SettlementStage stage) {
    Started started = call.value();
    Duration ttft = Duration.ofNanos(started.firstChunkNanos() - call.startNanos);
    Deployment d = call.deployment();
    RequestScope scope = call.scope();
    StreamObserver<ChatCompletionChunk> settle =
        new StreamObserver<>() {
          @Override
          public void onEnd(
              RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
            log.debug(
                "request {} stream ended: {} via {}",
                call.requestId(),
                result.usage(),
                result.deploymentId());
            if (error != null && !cancelled) {
              stage.streamFailed(call, error);
            }
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
      return new RoutedChatStream(
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
    return "chat";
  }

  @Override
  Class<?> storedType() {
    return ChatCompletionResponse.class;
  }

  @Override
  ChatStream replay(
      Call<ChatCompletionRequest, Started, ChatStream> call, Object stored, CacheStage stage) {
    ChatCompletionResponse hit = (ChatCompletionResponse) stored;
    RouteResult<Void> r = stage.hit(call, SettlementStage.NO_RESPONSE, hit.usage());
    return new ReplayedChatStream(StreamAssembler.replay(hit, callerWantsUsage(call.request())), r);
  }

  /** Assembles the stream as it passes and stores it when it completes normally. */
  @Override
  StreamObserver<ChatCompletionChunk> recorder(ResponseCache cache, String key, CacheControl cc) {
    StreamAssembler assembler = new StreamAssembler();
    return new StreamObserver<>() {
      @Override
      public void onItem(ChatCompletionChunk chunk) {
        assembler.add(chunk);
      }

      @Override
      public void onEnd(RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
        if (error == null && !cancelled) {
          cache.put(key, assembler.build().withUsage(result.usage()), cc);
        }
      }
    };
  }
}
