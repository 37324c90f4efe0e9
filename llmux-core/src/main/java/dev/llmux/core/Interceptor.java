package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;

/**
 * Wraps routed calls, like OkHttp's interceptors: add guardrails, redaction, logging or request
 * rewriting without forking the pipeline. There is one method per router operation (chat, streamed
 * chat, embeddings, responses, streamed responses, legacy completions), each named after the router
 * method it wraps. Each receives a {@link Chain}; call {@link Chain#proceed} to continue (possibly
 * with a changed request or context), or return / throw without proceeding to short-circuit.
 * Interceptors run in registration order, the first outermost, before admission (budgets, rate
 * limits), the response cache and routing. The default methods pass the call through.
 */
public interface Interceptor {

  /** Wraps {@link LlmRouter#chat(ChatCompletionRequest, RequestContext)}. */
  default RouteResult<ChatCompletionResponse> interceptChat(
      Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /**
   * Wraps {@link LlmRouter#stream(ChatCompletionRequest, RequestContext)} (and its callback form).
   */
  default ChatStream interceptStream(Chain<ChatCompletionRequest, ChatStream> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** Wraps {@link LlmRouter#embed(EmbeddingRequest, RequestContext)}. */
  default RouteResult<EmbeddingResponse> interceptEmbed(
      Chain<EmbeddingRequest, RouteResult<EmbeddingResponse>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** Wraps {@link LlmRouter#responses(ResponsesRequest, RequestContext)}. */
  default RouteResult<ResponseObject> interceptResponses(
      Chain<ResponsesRequest, RouteResult<ResponseObject>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** Wraps {@link LlmRouter#streamResponses(ResponsesRequest, RequestContext)}. */
  default ResponseStream interceptStreamResponses(Chain<ResponsesRequest, ResponseStream> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** Wraps {@link LlmRouter#completions(CompletionRequest, RequestContext)}. */
  default RouteResult<CompletionResponse> interceptCompletions(
      Chain<CompletionRequest, RouteResult<CompletionResponse>> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** Wraps {@link LlmRouter#streamCompletions(CompletionRequest, RequestContext)}. */
  default CompletionStream interceptStreamCompletions(
      Chain<CompletionRequest, CompletionStream> chain) {
    return chain.proceed(chain.request(), chain.context());
  }

  /** The rest of the call: the next interceptors and then the router's pipeline. */
  interface Chain<Q, R> {
    Q request();

    RequestContext context();

    R proceed(Q request, RequestContext context);
  }
}
