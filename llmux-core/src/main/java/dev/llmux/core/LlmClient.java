package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The calls an application makes: chat completions (plain, streamed, asynchronous), embeddings,
 * Responses API calls and legacy completions, each with an optional {@link RequestContext} (who is
 * calling, tags, per-request overrides). {@link LlmRouter} implements it; code that only makes
 * calls can depend on this interface and be tested with a fake.
 *
 * <p>Every call either returns its result or throws an {@link dev.llmux.api.error.LlmException}
 * (the last error once every attempt and fallback failed); a closed router throws {@link
 * dev.llmux.api.error.RouterClosedException}.
 */
public interface LlmClient {

  /**
   * A chat completion. A {@code stream: true} in the request is ignored here; use {@link #stream}.
   */
  RouteResult<ChatCompletionResponse> chat(ChatCompletionRequest request, RequestContext context);

  /** {@link #chat(ChatCompletionRequest, RequestContext)} with no request context. */
  default RouteResult<ChatCompletionResponse> chat(ChatCompletionRequest request) {
    return chat(request, RequestContext.EMPTY);
  }

  /** The chat call on the client's executor (virtual threads where the runtime has them). */
  CompletableFuture<RouteResult<ChatCompletionResponse>> chatAsync(
      ChatCompletionRequest request, RequestContext context);

  /**
   * A streamed chat completion. Returns once the first chunk has arrived: retries and fallbacks
   * happen before that. Close the stream when done (try-with-resources); closing early cancels the
   * upstream call.
   */
  ChatStream stream(ChatCompletionRequest request, RequestContext context);

  /** {@link #stream(ChatCompletionRequest, RequestContext)} with no request context. */
  default ChatStream stream(ChatCompletionRequest request) {
    return stream(request, RequestContext.EMPTY);
  }

  /**
   * The callback form of {@link #stream(ChatCompletionRequest, RequestContext)}: the stream is
   * consumed on the client's executor and delivered to {@code listener}.
   *
   * @return a handle that cancels the stream (and the upstream call)
   */
  Cancellable stream(
      ChatCompletionRequest request, RequestContext context, StreamListener listener);

  /** Embeddings for the request's input(s). */
  RouteResult<EmbeddingResponse> embed(EmbeddingRequest request, RequestContext context);

  /** {@link #embed(EmbeddingRequest, RequestContext)} with no request context. */
  default RouteResult<EmbeddingResponse> embed(EmbeddingRequest request) {
    return embed(request, RequestContext.EMPTY);
  }

  /**
   * A Responses API call ({@code stream} in the request is ignored; use {@link #streamResponses}):
   * native where the deployment's provider has the API, mapped onto chat elsewhere. {@code
   * previous_response_id} and {@code store: true} are rejected: LLMux stores no responses.
   */
  RouteResult<ResponseObject> responses(ResponsesRequest request, RequestContext context);

  /** {@link #responses(ResponsesRequest, RequestContext)} with no request context. */
  default RouteResult<ResponseObject> responses(ResponsesRequest request) {
    return responses(request, RequestContext.EMPTY);
  }

  /**
   * A streamed Responses API call; returns once the first event has arrived (retries and fallbacks
   * happen before that). Close the stream when done.
   */
  ResponseStream streamResponses(ResponsesRequest request, RequestContext context);

  /** {@link #streamResponses(ResponsesRequest, RequestContext)} with no request context. */
  default ResponseStream streamResponses(ResponsesRequest request) {
    return streamResponses(request, RequestContext.EMPTY);
  }

  /**
   * A legacy text completion: native where the upstream has the API, mapped onto chat elsewhere.
   * {@code stream: true} is refused here; use {@link #streamCompletions}.
   */
  RouteResult<CompletionResponse> completions(CompletionRequest request, RequestContext context);

  /** {@link #completions(CompletionRequest, RequestContext)} with no request context. */
  default RouteResult<CompletionResponse> completions(CompletionRequest request) {
    return completions(request, RequestContext.EMPTY);
  }

  /**
   * A streamed legacy text completion: native where the upstream has the API, a chat stream mapped
   * to completion chunks elsewhere. Returns once the first chunk has arrived (retries and fallbacks
   * happen before that). Close the stream when done.
   */
  CompletionStream streamCompletions(CompletionRequest request, RequestContext context);

  /** {@link #streamCompletions(CompletionRequest, RequestContext)} with no request context. */
  default CompletionStream streamCompletions(CompletionRequest request) {
    return streamCompletions(request, RequestContext.EMPTY);
  }

  /** The model names callers may ask for: groups and aliases (wildcard groups are not listed). */
  ModelList models();
}
