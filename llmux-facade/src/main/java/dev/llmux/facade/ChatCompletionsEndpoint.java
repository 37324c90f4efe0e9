package dev.llmux.facade;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.io.IOException;

/** {@code POST /v1/chat/completions}: JSON, or Server-Sent Events with {@code "stream": true}. */
final class ChatCompletionsEndpoint implements Endpoint {
  private final BodyReader bodies;
  private final ModelCalls calls;
  private final SseWriter sse;

  ChatCompletionsEndpoint(BodyReader bodies, ModelCalls calls, SseWriter sse) {
    this.bodies = bodies;
    this.calls = calls;
    this.sse = sse;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    ChatCompletionRequest body = bodies.read(ex, ChatCompletionRequest.class);
    ChatCompletionRequest req =
        ModelCalls.aliased(principal, body.model())
            ? body.withModel(principal.resolve(body.model()))
            : body;
    if (req.messages().isEmpty() && req.model() != null && !req.model().isBlank()) {
      throw ApiErrorException.badRequest(
          "messages is required and must not be empty", "messages", null);
    }
    LlmRouter router = calls.admit(principal, req.model());
    RequestTags.Split<ChatCompletionRequest> split = RequestTags.of(req);
    req = split.request();
    RequestContext ctx = ModelCalls.context(ex, principal, req.user(), split.tags());
    if (req.isStream()) {
      sse.chat(ex, router.stream(req, ctx));
    } else {
      ModelCalls.answer(ex, router.chat(req, ctx));
    }
  }
}
