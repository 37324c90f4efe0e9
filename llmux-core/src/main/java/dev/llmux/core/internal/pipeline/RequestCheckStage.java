package dev.llmux.core.internal.pipeline;

import dev.llmux.core.internal.cache.ResponseCache;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 3: the request is checked for what its operation cannot serve, its cache directives are
 * read (the context's, then a body {@code cache} object on top) and that body object, which is
 * LLMux's and not the upstream's, is removed from the request.
 */
final class RequestCheckStage implements Stage {

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    Q request = call.request();
    call.op.requests.check(request);
    Map<String, Object> extra = call.op.requests.extra(request);
    call.cacheControl =
        ResponseCache.control(extra == null ? null : extra.get("cache"), call.context);
    if (extra != null && extra.containsKey("cache")) {
      Map<String, Object> rest = new LinkedHashMap<>(extra);
      rest.remove("cache");
      call.request(call.op.requests.withExtra(request, rest), false);
    }
    return call.proceed();
  }
}
