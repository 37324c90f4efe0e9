package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.responses.ChatToResponseEvents;
import dev.llmux.core.internal.responses.ResponseEventSource;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;

/**
 * A streamed Responses API call ({@code LlmRouter.streamResponses}): native event streams, or chat
 * streams mapped to events ({@link ChatToResponseEvents}), chosen per attempt. An attempt succeeds
 * once the first event arrived, so retries and fallbacks happen before the caller sees anything.
 */
final class ResponseStreamOperation extends Operation<ResponsesRequest, ResponseEventSource, ResponseStream> {

  ResponseStreamOperation() {
    super(RouterTelemetry.CHAT, RouterTelemetry.RESPONSES, true, RequestType.RESPONSES);
  }

  @Override
  ResponseStream intercept(Interceptor interceptor, Interceptor.Chain<ResponsesRequest, ResponseStream> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  @Override
  ResponseEventSource attempt(Call<ResponsesRequest, ResponseEventSource, ResponseStream> call, Provider provider,
      Deployment d, CallOptions options) {
    ResponsesRequest request = call.request();
    ResponseEventSource s;
    if (provider.supportsResponses()) {
      s = ResponseEventSource.of(provider.streamResponses(ResponsesTranslator.nativeRequest(request, d.model(), true),
          options));
    } else {
      ChatCompletionRequest chat = ResponsesTranslator.toChat(request).toBuilder()
          .model(d.model()).stream(true).streamOptions(StreamOptions.withUsage()).build();
      s = ResponseEventSource.mapped(provider.streamChat(chat, options),
          new ChatToResponseEvents(request, call.pipeline.clock.millis() / 1000));
    }
    try {
      if (!s.fill()) {
        throw new UpstreamServerException("stream from " + d.id() + " ended before its first event", null, null);
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  ResponseStream settle(Call<ResponsesRequest, ResponseEventSource, ResponseStream> call, SettlementStage stage) {
    Deployment d = call.deployment;
    RequestScope scope = call.scope;
    Duration ttft = Duration.ofNanos(stage.ticker.read() - call.startNanos);
    StreamObserver<ResponseStreamEvent> settle = new StreamObserver<>() {
      @Override
      public void onEnd(RouteResult<Void> result, Throwable error, boolean cancelled) {
        stage.telemetry.settled(scope, result.usage(), result.cost(), ttft, cancelled ? "cancelled" : "success",
            error);
      }
    };
    return new RoutedResponseStream(call.value,
        usage -> stage.result(call, null, usage, usage == null ? null : stage.cost(d, usage),
            Duration.ofNanos(stage.ticker.read() - call.startNanos), ttft),
        call.tokens().forDeployment(d), TokenCounter.kindFor(d.model()), stage.observer(call, settle));
  }
}
