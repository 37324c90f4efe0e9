package dev.llmux.facade;

import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import java.io.IOException;

/**
 * What the model endpoints share: the router (503 {@code not_ready} while there is none), the
 * checks every model call makes before routing (a model is named, the caller's key may use it), the
 * key's aliases, the request context the router sees, and the JSON answer with the routing headers.
 */
final class ModelCalls {
  private final RouterHolder holder;

  ModelCalls(RouterHolder holder) {
    this.holder = holder;
  }

  /**
   * The router, for a call to {@code model} by {@code principal}.
   *
   * @throws ApiErrorException 400 (no model), 403 {@code model_not_allowed}, 503 {@code not_ready}
   */
  LlmRouter admit(Authenticator.Principal principal, String model) {
    if (model == null || model.isBlank()) {
      throw ApiErrorException.badRequest("you must provide a model parameter", "model", null);
    }
    if (!principal.allows(model)) {
      throw new ApiErrorException(
          new ApiError(
              403,
              "permission_error",
              "This API key is not allowed to use the model '" + model + "'",
              "model",
              "model_not_allowed",
              null));
    }
    return router();
  }

  /**
   * The router being served.
   *
   * @throws ApiErrorException 503 {@code not_ready} while there is none, or the server is stopping
   */
  LlmRouter router() {
    LlmRouter router = holder.router();
    if (router == null || holder.notReadyReason() != null) {
      throw new ApiErrorException(
          ApiError.unavailable("LLMux is not ready: " + holder.notReadyReason(), "not_ready"));
    }
    return router;
  }

  /** Whether the key maps {@code model} to another one (its {@code aliases}). */
  static boolean aliased(Authenticator.Principal principal, String model) {
    String resolved = principal.resolve(model);
    return resolved != null && !resolved.equals(model);
  }

  /**
   * The request context of a call by {@code p} for the end user {@code endUser} (the body's {@code
   * user}), with the request's tags ({@link RequestTags}: the key's, the {@code x-llmux-tags}
   * header's and {@code bodyTags}, those taken out of the body).
   */
  static RequestContext context(
      Exchange ex, Authenticator.Principal p, String endUser, java.util.List<String> bodyTags) {
    return RequestContext.builder()
        .requestId(ex.requestId)
        .keyId(p.keyId())
        .userId(p.user())
        .teamId(p.team())
        .orgId(p.org())
        .endUserId(endUser)
        .tags(RequestTags.merge(ex, p, bodyTags)) // spend rows, and tag routing when it is on
        .build();
  }

  /** Answers a served call: the routing headers, then its response as JSON. */
  static void answer(Exchange ex, RouteResult<?> r) throws IOException {
    RouteHeaders.put(ex.response, r, r.latency());
    ex.sendJson(200, r.response());
  }
}
