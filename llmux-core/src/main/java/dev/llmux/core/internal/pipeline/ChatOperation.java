package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import org.jspecify.annotations.Nullable;

/** A chat completion ({@code LlmRouter.chat}). */
final class ChatOperation extends PlainOperation<ChatCompletionRequest, ChatCompletionResponse> {

  ChatOperation() {
    super(RouterTelemetry.CHAT, RouterTelemetry.CHAT, RequestType.CHAT);
  }

  @Override
  RouteResult<ChatCompletionResponse> intercept(
      Interceptor interceptor,
      Interceptor.Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
    return interceptor.interceptChat(chain);
  }

  @Override
  ChatCompletionResponse attempt(
      Call<ChatCompletionRequest, ChatCompletionResponse, RouteResult<ChatCompletionResponse>> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    return provider.chat(upstream(call.request(), d, false), options);
  }

  /** The request as deployment {@code d} gets it: its model, and streamed or not. */
  static ChatCompletionRequest upstream(
      ChatCompletionRequest request, Deployment d, boolean stream) {
    ChatCompletionRequest.Builder b = request.toBuilder().model(upstreamModel(d));
    if (stream) {
      b.stream(true);
    } else {
      b.stream(null).streamOptions(null);
    }
    return b.build();
  }

  @Override
  Usage usage(
      Call<ChatCompletionRequest, ChatCompletionResponse, RouteResult<ChatCompletionResponse>>
          call) {
    ChatCompletionResponse response = call.value();
    if (response.usage() != null) {
      return response.usage();
    }
    Deployment d = call.deployment();
    return Usage.of(
        call.tokens().forDeployment(d),
        TokenCounter.text(TokenCounter.kindFor(d.model()), response.text()));
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
  @Nullable Usage storedUsage(ChatCompletionResponse stored) {
    return stored.usage();
  }
}
