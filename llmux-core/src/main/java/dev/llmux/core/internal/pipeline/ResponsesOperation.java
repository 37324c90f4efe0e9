package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import org.jspecify.annotations.Nullable;

/**
 * A Responses API call ({@code LlmRouter.responses}): native on deployments whose provider supports
 * it, mapped onto chat ({@link ResponsesTranslator}) elsewhere, chosen per attempt, so a fallback
 * may move between the two. Routed and metered as chat, recorded as {@code responses}. Cached as
 * one entry of kind {@code responses}, shared with streamed responses.
 */
final class ResponsesOperation extends PlainOperation<ResponsesRequest, ResponseObject> {

  ResponsesOperation() {
    super(RouterTelemetry.CHAT, RouterTelemetry.RESPONSES, RequestType.RESPONSES);
  }

  @Override
  RouteResult<ResponseObject> intercept(
      Interceptor interceptor,
      Interceptor.Chain<ResponsesRequest, RouteResult<ResponseObject>> chain) {
    return interceptor.interceptResponses(chain);
  }

  @Override
  ResponseObject attempt(
      Call<ResponsesRequest, ResponseObject, RouteResult<ResponseObject>> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    ResponsesRequest request = call.request();
    if (provider.supportsResponses()) {
      return provider.responses(
          ResponsesTranslator.nativeRequest(request, upstreamModel(d), null), options);
    }
    ChatCompletionRequest chat = ResponsesTranslator.toChat(request).withModel(upstreamModel(d));
    return ResponsesTranslator.toResponse(provider.chat(chat, options), request);
  }

  @Override
  Usage usage(Call<ResponsesRequest, ResponseObject, RouteResult<ResponseObject>> call) {
    ResponseObject response = call.value();
    if (response.usage() != null) {
      return response.usage().toUsage();
    }
    Deployment d = call.deployment();
    return Usage.of(
        call.tokens().forDeployment(d),
        TokenCounter.text(TokenCounter.kindFor(d.model()), response.outputText()));
  }

  @Override
  String cacheKind() {
    return "responses";
  }

  @Override
  Class<?> storedType() {
    return ResponseObject.class;
  }

  /** A failed response (status {@code failed}) is not stored. */
  @Override
  @Nullable Object stored(RouteResult<ResponseObject> result) {
    ResponseObject r = result.response();
    return "failed".equals(r.status()) ? null : r;
  }

  @Override
  @Nullable Usage storedUsage(ResponseObject stored) {
    return stored.usage() == null ? null : stored.usage().toUsage();
  }
}
