package dev.llmux.facade;

import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.io.IOException;

/**
 * {@code POST /v1/responses}: JSON, or Server-Sent Events in the Responses framing with {@code
 * "stream": true}.
 */
final class ResponsesEndpoint implements Endpoint {
  private final BodyReader bodies;
  private final ModelCalls calls;
  private final SseWriter sse;

  ResponsesEndpoint(BodyReader bodies, ModelCalls calls, SseWriter sse) {
    this.bodies = bodies;
    this.calls = calls;
    this.sse = sse;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    ResponsesRequest body = bodies.read(ex, ResponsesRequest.class);
    ResponsesRequest req =
        ModelCalls.aliased(principal, body.model())
            ? body.withModel(principal.resolve(body.model()))
            : body;
    LlmRouter router = calls.admit(principal, req.model());
    RequestTags.Split<ResponsesRequest> split = RequestTags.of(req);
    req = split.request();
    RequestContext ctx = ModelCalls.context(ex, principal, req.user(), split.tags());
    if (req.isStream()) {
      sse.responses(ex, router.streamResponses(req, ctx));
    } else {
      ModelCalls.answer(ex, router.responses(req, ctx));
    }
  }
}
