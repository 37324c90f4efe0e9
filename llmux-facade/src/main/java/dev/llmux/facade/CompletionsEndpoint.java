package dev.llmux.facade;

import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.core.LlmRouter;
import java.io.IOException;

/**
 * {@code POST /v1/completions}: legacy text completions; {@code "stream": true} is refused by the
 * router (400).
 */
final class CompletionsEndpoint implements Endpoint {
  private final BodyReader bodies;
  private final ModelCalls calls;

  CompletionsEndpoint(BodyReader bodies, ModelCalls calls) {
    this.bodies = bodies;
    this.calls = calls;
  }

  @Override
  public boolean readsBody(String method) {
    return true;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    CompletionRequest body = bodies.read(ex, CompletionRequest.class);
    CompletionRequest req =
        ModelCalls.aliased(principal, body.model())
            ? body.withModel(principal.resolve(body.model()))
            : body;
    LlmRouter router = calls.admit(principal, req.model());
    ModelCalls.answer(ex, router.completions(req, ModelCalls.context(ex, principal, req.user())));
  }
}
