package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;

/**
 * Wraps routed calls, like OkHttp's interceptors: add guardrails, redaction, logging or request
 * rewriting without forking the pipeline. Each method receives a {@link Chain}; call
 * {@link Chain#proceed} to continue (possibly with a changed request or context), or return / throw
 * without proceeding to short-circuit. Interceptors run in registration order, the first outermost.
 * The default methods pass the call through.
 */
public interface Interceptor {

  default RouteResult<ChatCompletionResponse> interceptChat(
      Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  default ChatStream interceptStream(Chain<ChatCompletionRequest, ChatStream> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  default RouteResult<EmbeddingResponse> interceptEmbed(
      Chain<EmbeddingRequest, RouteResult<EmbeddingResponse>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** The rest of the call: the next interceptors and then the router's pipeline. */
  interface Chain<Q, R> {
    Q request();

    RequestContext context();

    R proceed(Q request, RequestContext context);
  }
}
