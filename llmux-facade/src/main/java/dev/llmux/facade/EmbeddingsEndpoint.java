package dev.llmux.facade;

import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.core.LlmRouter;
import java.io.IOException;

/** {@code POST /v1/embeddings}. */
final class EmbeddingsEndpoint implements Endpoint {
  private final BodyReader bodies;
  private final ModelCalls calls;

  EmbeddingsEndpoint(BodyReader bodies, ModelCalls calls) {
    this.bodies = bodies;
    this.calls = calls;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    EmbeddingRequest body = bodies.read(ex, EmbeddingRequest.class);
    EmbeddingRequest req =
        ModelCalls.aliased(principal, body.model())
            ? body.withModel(principal.resolve(body.model()))
            : body;
    if (req.input() == null && req.model() != null && !req.model().isBlank()) {
      throw ApiErrorException.badRequest("input is required", "input", null);
    }
    LlmRouter router = calls.admit(principal, req.model());
    RequestTags.Split<EmbeddingRequest> split = RequestTags.of(req);
    ModelCalls.answer(
        ex,
        router.embed(split.request(), ModelCalls.context(ex, principal, req.user(), split.tags())));
  }
}
