package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponseUsage;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.cache.ReplayedResponseStream;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.cache.ResponseReplay;
import dev.llmux.core.internal.responses.ChatToResponseEvents;
import dev.llmux.core.internal.responses.ResponseEventSource;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A streamed Responses API call ({@code LlmRouter.streamResponses}): native event streams, or chat
 * streams mapped to events ({@link ChatToResponseEvents}), chosen per attempt. An attempt succeeds
 * once the first event arrived, so retries and fallbacks happen before the caller sees anything.
 * Shares cache entries with plain responses: a hit is replayed as events, a stream is stored from
 * its {@code response.completed} event.
 */
final class ResponseStreamOperation
    extends Operation<ResponsesRequest, ResponseEventSource, ResponseStream> {

  ResponseStreamOperation() {
    super(RouterTelemetry.CHAT, RouterTelemetry.RESPONSES, true, RequestType.RESPONSES);
  }

  @Override
  ResponseStream intercept(
      Interceptor interceptor, Interceptor.Chain<ResponsesRequest, ResponseStream> chain) {
    return interceptor.interceptStreamResponses(chain);
  }

  @Override
  ResponseEventSource attempt(
      Call<ResponsesRequest, ResponseEventSource, ResponseStream> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    ResponsesRequest request = call.request();
    ResponseEventSource s;
    if (provider.supportsResponses()) {
      s =
          ResponseEventSource.of(
              provider.streamResponses(
                  ResponsesTranslator.nativeRequest(request, upstreamModel(d), true), options));
    } else {
      ChatCompletionRequest chat =
          ResponsesTranslator.toChat(request).toBuilder().model(upstreamModel(d)).stream(true)
              .streamOptions(StreamOptions.withUsage())
              .build();
      s =
          ResponseEventSource.mapped(
              provider.streamChat(chat, options),
              new ChatToResponseEvents(request, call.pipeline.clock.millis() / 1000));
    }
    try {
      if (!s.fill()) {
        throw new UpstreamServerException(
            "stream from " + d.id() + " ended before its first event", null, null);
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  ResponseStream settle(
      Call<ResponsesRequest, ResponseEventSource, ResponseStream> call, SettlementStage stage) {
    Deployment d = call.deployment();
    RequestScope scope = call.scope();
    Duration ttft = Duration.ofNanos(stage.ticker.read() - call.startNanos);
    StreamObserver<ResponseStreamEvent> settle =
        new StreamObserver<>() {
          @Override
          public void onEnd(
              RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
            if (error != null && !cancelled) {
              stage.streamFailed(call, error);
            }
            stage.telemetry.settled(
                scope,
                result.usage(),
                result.cost(),
                ttft,
                cancelled ? "cancelled" : "success",
                error);
          }
        };
    return new RoutedResponseStream(
        call.value(),
        usage ->
            stage.result(
                call,
                SettlementStage.NO_RESPONSE,
                usage,
                usage == null ? null : stage.cost(d, usage),
                Duration.ofNanos(stage.ticker.read() - call.startNanos),
                ttft),
        call.tokens().forDeployment(d),
        TokenCounter.kindFor(d.model()),
        stage.observer(call, settle));
  }

  @Override
  String cacheKind() {
    return "responses";
  }

  @Override
  Class<?> storedType() {
    return ResponseObject.class;
  }

  /** A hit is the stored response replayed as the events of a stream ({@link ResponseReplay}). */
  @Override
  ResponseStream replay(
      Call<ResponsesRequest, ResponseEventSource, ResponseStream> call,
      Object stored,
      CacheStage stage) {
    ResponseObject hit = (ResponseObject) stored;
    RouteResult<Void> r =
        stage.hit(
            call, SettlementStage.NO_RESPONSE, hit.usage() == null ? null : hit.usage().toUsage());
    return new ReplayedResponseStream(ResponseReplay.events(hit), r);
  }

  /**
   * Keeps the response of the {@code response.completed} event and stores it once the stream ended
   * normally.
   */
  @Override
  StreamObserver<ResponseStreamEvent> recorder(ResponseCache cache, String key, CacheControl cc) {
    return new StreamObserver<>() {
      private @Nullable ResponseObject completed;

      @Override
      public void onItem(ResponseStreamEvent event) {
        if ("response.completed".equals(event.type()) && event.response() != null) {
          completed = event.response();
        }
      }

      @Override
      public void onEnd(RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
        if (error == null && !cancelled && completed != null) {
          cache.put(key, withUsage(completed, result.usage()), cc);
        }
      }
    };
  }

  /**
   * {@code r} with {@code usage} when it reports none (a mapped stream whose upstream sent none).
   */
  private static ResponseObject withUsage(ResponseObject r, @Nullable Usage usage) {
    if (r.usage() != null || usage == null) {
      return r;
    }
    return new ResponseObject(
        r.id(),
        r.object(),
        r.createdAt(),
        r.status(),
        r.model(),
        r.output(),
        ResponseUsage.of(usage),
        r.incompleteDetails(),
        r.error(),
        r.instructions(),
        r.metadata(),
        r.extra());
  }
}
