package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
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
 * A legacy text completion ({@code LlmRouter.completions}): native where the deployment's provider
 * has the API (it takes every completions field), mapped onto chat elsewhere (one text prompt).
 */
final class CompletionsOperation extends PlainOperation<CompletionRequest, CompletionResponse> {

  CompletionsOperation() {
    super(
        RouterTelemetry.TEXT_COMPLETION, RouterTelemetry.TEXT_COMPLETION, RequestType.COMPLETIONS);
  }

  @Override
  RouteResult<CompletionResponse> intercept(
      Interceptor interceptor,
      Interceptor.Chain<CompletionRequest, RouteResult<CompletionResponse>> chain) {
    return interceptor.interceptCompletions(chain);
  }

  @Override
  CompletionResponse attempt(
      Call<CompletionRequest, CompletionResponse, RouteResult<CompletionResponse>> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    CompletionRequest request = call.request();
    if (provider.supportsCompletions()) {
      return provider.completions(request.withModel(upstreamModel(d)), options);
    }
    ChatCompletionRequest chat = call.chatShape();
    if (chat == null) {
      chat = ResponsesTranslator.toChat(request); // throws why it cannot map
    }
    return ResponsesTranslator.toCompletion(
        provider.chat(chat.withModel(upstreamModel(d)), options));
  }

  @Override
  Usage usage(Call<CompletionRequest, CompletionResponse, RouteResult<CompletionResponse>> call) {
    CompletionResponse response = call.value();
    if (response.usage() != null) {
      return response.usage();
    }
    Deployment d = call.deployment();
    return Usage.of(
        call.tokens().forDeployment(d),
        TokenCounter.text(
            TokenCounter.kindFor(d.model()), response.text() == null ? "" : response.text()));
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
  @Nullable Usage storedUsage(CompletionResponse stored) {
    return stored.usage();
  }
}
