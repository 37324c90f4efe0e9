package dev.llmux.langchain4j;

import dev.llmux.core.RequestContext;
import java.util.function.Supplier;

final class Contexts {
  private Contexts() {}

  static RequestContext get(Supplier<RequestContext> supplier) {
    RequestContext c = supplier.get();
    return c == null ? RequestContext.EMPTY : c;
  }
}
