package dev.llmux.facade;

import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models}: the model groups and aliases the caller's key may use. */
final class ModelsEndpoint implements Endpoint {
  private final ModelCalls calls;

  ModelsEndpoint(ModelCalls calls) {
    this.calls = calls;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    List<Model> all = calls.router().models().data();
    List<Model> mine = new ArrayList<>(all.size());
    for (Model m : all) {
      if (principal.allows(m.id())) {
        mine.add(m);
      }
    }
    ex.sendJson(200, ModelList.of(mine));
  }
}
