package dev.llmux.facade;

import dev.llmux.api.model.Model;
import dev.llmux.core.LlmRouter;
import java.io.IOException;

/**
 * {@code GET /v1/models/{id}}: one of the models the caller's key may use; 404 {@code
 * model_not_found} for anything else. The id is the rest of the path, slashes included.
 */
final class ModelEndpoint implements Endpoint {
  private final ModelCalls calls;

  ModelEndpoint(ModelCalls calls) {
    this.calls = calls;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    LlmRouter router = calls.router();
    String id =
        ex.path.substring((ex.path.startsWith("/v1/") ? "/v1/models/" : "/models/").length());
    if (principal.allows(id)) {
      for (Model m : router.models().data()) {
        if (m.id().equals(id)) {
          ex.sendJson(200, m);
          return;
        }
      }
    }
    throw new ApiErrorException(
        new ApiError(
            404,
            "invalid_request_error",
            "The model '" + id + "' does not exist or you do not have access to it",
            "model",
            "model_not_found",
            null));
  }
}
