package dev.llmux.facade;

import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.io.IOException;

/**
 * {@code POST /v1/completions}: legacy text completions, JSON, or Server-Sent Events in the chat
 * framing ({@code data: <text_completion chunk>}, then {@code data: [DONE]}) with {@code "stream":
 * true}.
 */
final class CompletionsEndpoint implements Endpoint {
  private final BodyReader bodies;
  private final ModelCalls calls;
  private final SseWriter sse;

  CompletionsEndpoint(BodyReader bodies, ModelCalls calls, SseWriter sse) {
    this.bodies = bodies;
    this.calls = calls;
    this.sse = sse;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    CompletionRequest body = bodies.read(ex, CompletionRequest.class);
    CompletionRequest req =
        ModelCalls.aliased(principal, body.model())
            ? body.withModel(principal.resolve(body.model()))
            : body;
    LlmRouter router = calls.admit(principal, req.model());
    RequestTags.Split<CompletionRequest> split = RequestTags.of(req);
    RequestContext ctx = ModelCalls.context(ex, principal, req.user(), split.tags());
    if (Boolean.TRUE.equals(req.stream())) {
      sse.completions(ex, router.streamCompletions(split.request(), ctx));
    } else {
      ModelCalls.answer(ex, router.completions(split.request(), ctx));
    }
  }
}
