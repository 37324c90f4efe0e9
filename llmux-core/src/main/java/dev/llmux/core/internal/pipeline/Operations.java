package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.ChatStream;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;

/** The operations the router serves, one stateless instance each, for {@link Engine#execute}. */
public final class Operations {
  public static final Operation<ChatCompletionRequest, ?, RouteResult<ChatCompletionResponse>>
      CHAT = new ChatOperation();
  public static final Operation<ChatCompletionRequest, ?, ChatStream> CHAT_STREAM =
      new ChatStreamOperation();
  public static final Operation<EmbeddingRequest, ?, RouteResult<EmbeddingResponse>> EMBEDDINGS =
      new EmbeddingsOperation();
  public static final Operation<ResponsesRequest, ?, RouteResult<ResponseObject>> RESPONSES =
      new ResponsesOperation();
  public static final Operation<ResponsesRequest, ?, ResponseStream> RESPONSES_STREAM =
      new ResponseStreamOperation();
  public static final Operation<CompletionRequest, ?, RouteResult<CompletionResponse>> COMPLETIONS =
      new CompletionsOperation();
  public static final Operation<CompletionRequest, ?, CompletionStream> COMPLETIONS_STREAM =
      new CompletionStreamOperation();

  private Operations() {}
}
