package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the stages read of one request type, whatever the operation: the model it names, its prompt
 * (as a chat request, or an embeddings request), its extra fields (where LLMux's {@code cache}
 * directives travel) and what it cannot be served with.
 *
 * @param <Q> the request type
 */
abstract class RequestType<Q> {

  /** Chat completions, plain or streamed. */
  static final RequestType<ChatCompletionRequest> CHAT =
      new RequestType<>() {
        @Override
        @Nullable String model(ChatCompletionRequest r) {
          return r.model();
        }

        @Override
        Map<String, Object> extra(ChatCompletionRequest r) {
          return r.extra();
        }

        @Override
        ChatCompletionRequest withExtra(ChatCompletionRequest r, Map<String, Object> extra) {
          return r.toBuilder().extra(extra).build();
        }

        @Override
        ChatCompletionRequest chatShape(ChatCompletionRequest r) {
          return r;
        }
      };

  /** Embeddings. */
  static final RequestType<EmbeddingRequest> EMBEDDINGS =
      new RequestType<>() {
        @Override
        @Nullable String model(EmbeddingRequest r) {
          return r.model();
        }

        @Override
        Map<String, Object> extra(EmbeddingRequest r) {
          return r.extra();
        }

        @Override
        EmbeddingRequest withExtra(EmbeddingRequest r, Map<String, Object> extra) {
          return new EmbeddingRequest(
              r.model(), r.input(), r.encodingFormat(), r.dimensions(), r.user(), extra);
        }

        @Override
        EmbeddingRequest embedding(EmbeddingRequest r) {
          return r;
        }
      };

  /** Responses API calls, plain or streamed: stored responses are refused. */
  static final RequestType<ResponsesRequest> RESPONSES =
      new RequestType<>() {
        @Override
        @Nullable String model(ResponsesRequest r) {
          return r.model();
        }

        @Override
        Map<String, Object> extra(ResponsesRequest r) {
          return r.extra();
        }

        @Override
        ResponsesRequest withExtra(ResponsesRequest r, Map<String, Object> extra) {
          return r.withExtra(extra);
        }

        @Override
        void check(ResponsesRequest r) {
          ResponsesTranslator.checkSupported(r);
        }

        @Override
        @Nullable ChatCompletionRequest chatShape(ResponsesRequest r) {
          return ResponsesTranslator.chatShapeOf(r);
        }
      };

  /** Legacy completions: a model is required, {@code stream: true} is refused. */
  static final RequestType<CompletionRequest> COMPLETIONS = new Completions(false);

  /** Streamed legacy completions: a model is required. */
  static final RequestType<CompletionRequest> COMPLETIONS_STREAM = new Completions(true);

  private static final class Completions extends RequestType<CompletionRequest> {
    private final boolean stream;

    Completions(boolean stream) {
      this.stream = stream;
    }

    @Override
    @Nullable String model(CompletionRequest r) {
      return r.model();
    }

    @Override
    Map<String, Object> extra(CompletionRequest r) {
      return r.extra();
    }

    @Override
    CompletionRequest withExtra(CompletionRequest r, Map<String, Object> extra) {
      return new CompletionRequest(
          r.model(),
          r.prompt(),
          r.suffix(),
          r.maxTokens(),
          r.temperature(),
          r.topP(),
          r.n(),
          r.stop(),
          r.echo(),
          r.logprobs(),
          r.presencePenalty(),
          r.frequencyPenalty(),
          r.seed(),
          r.user(),
          r.stream(),
          extra);
    }

    @Override
    void check(CompletionRequest r) {
      if (r.model() == null || r.model().isBlank()) {
        throw new BadRequestException("model is required", "model");
      }
      if (!stream && Boolean.TRUE.equals(r.stream())) {
        throw new BadRequestException(
            "stream: true is served by streamCompletions, not completions", "stream");
      }
    }

    @Override
    @Nullable ChatCompletionRequest chatShape(CompletionRequest r) {
      return ResponsesTranslator.chatShapeOf(r);
    }
  }

  /** The model (group, alias, wildcard or {@code provider/model}) the request asks for. */
  abstract @Nullable String model(Q request);

  /** The request's extra (unmodelled) fields. */
  abstract Map<String, Object> extra(Q request);

  /** The request with {@code extra} as its extra fields. */
  abstract Q withExtra(Q request, Map<String, Object> extra);

  /** Rejects what cannot be served ({@link BadRequestException}). */
  void check(Q request) {}

  /**
   * The chat request this request is, or maps to (for estimates and strategies); {@code null} when
   * none.
   */
  @Nullable ChatCompletionRequest chatShape(Q request) {
    return null;
  }

  /** The embeddings request this request is, else {@code null}. */
  @Nullable EmbeddingRequest embedding(Q request) {
    return null;
  }
}
