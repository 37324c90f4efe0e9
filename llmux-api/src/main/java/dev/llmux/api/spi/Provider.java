package dev.llmux.api.spi;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;

/**
 * Talks one wire protocol for one configured provider instance. The {@code model} of each request
 * is already the upstream model name (the router rewrote it). One method call is one upstream call:
 * no retries here. Failures are thrown as {@link dev.llmux.api.error.LlmException}s. Thread-safe.
 */
public interface Provider extends AutoCloseable {

  /** This instance's configuration. */
  ProviderConfig config();

  /** A non-streamed chat completion. */
  ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options);

  /**
   * A streamed chat completion. Returns once the upstream answered with a success status (or throws
   * its error); chunks are then pulled from the stream. Implementations ask the upstream for usage
   * where the protocol allows it so the last chunk carries usage.
   */
  ChunkStream streamChat(ChatCompletionRequest request, CallOptions options);

  /** Embeddings; providers without an embeddings API throw {@link BadRequestException}. */
  default EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    throw new BadRequestException(
        "provider type '" + config().type() + "' does not support embeddings", "model");
  }

  /**
   * Whether {@link #responses} and {@link #streamResponses} reach a native Responses API. When
   * {@code false} the router maps Responses requests onto {@link #chat} / {@link #streamChat}.
   */
  default boolean supportsResponses() {
    return false;
  }

  /** A Responses API call, native; the default throws {@link BadRequestException}. */
  default ResponseObject responses(ResponsesRequest request, CallOptions options) {
    throw new BadRequestException(
        "provider type '" + config().type() + "' does not support the Responses API natively",
        "model");
  }

  /**
   * A streamed Responses API call, native; returns once the upstream answered with a success
   * status. The default throws {@link BadRequestException}.
   */
  default ResponseEventStream streamResponses(ResponsesRequest request, CallOptions options) {
    throw new BadRequestException(
        "provider type '" + config().type() + "' does not support the Responses API natively",
        "model");
  }

  /**
   * Whether {@link #completions} and {@link #streamCompletions} reach a native legacy completions
   * API. When {@code false} the router maps completions onto {@link #chat} / {@link #streamChat}.
   */
  default boolean supportsCompletions() {
    return false;
  }

  /** A legacy text completion, native; the default throws {@link BadRequestException}. */
  default CompletionResponse completions(CompletionRequest request, CallOptions options) {
    throw new BadRequestException(
        "provider type '" + config().type() + "' does not support legacy completions natively",
        "model");
  }

  /**
   * A streamed legacy text completion, native: OpenAI's {@code text_completion} chunks, and a final
   * usage chunk (no choices) where the upstream reports usage. The router sets {@code stream} and
   * {@code model}. The default throws {@link BadRequestException}.
   */
  default CompletionChunkStream streamCompletions(CompletionRequest request, CallOptions options) {
    throw new BadRequestException(
        "provider type '" + config().type() + "' does not support legacy completions natively",
        "model");
  }

  /**
   * The models the upstream lists; providers without a listing API return the configured models.
   */
  ModelList listModels(CallOptions options);

  /** Releases resources held by this instance (not shared clients). */
  @Override
  default void close() {}
}
