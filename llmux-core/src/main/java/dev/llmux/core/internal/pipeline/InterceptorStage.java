package dev.llmux.core.internal.pipeline;

import dev.llmux.core.Interceptor;
import dev.llmux.core.RequestContext;
import java.util.List;
import java.util.Objects;

/**
 * Stage 1: the application's {@link Interceptor}s, first registered outermost, as OkHttp's
 * application interceptors. Each may rewrite the request or context, answer itself, or proceed;
 * what the last one lets through continues as a fresh {@link Call}, so an interceptor that proceeds
 * twice gets two independent calls.
 */
final class InterceptorStage implements Stage {
  private final List<Interceptor> interceptors;

  InterceptorStage(List<Interceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    if (interceptors.isEmpty()) {
      return call.proceed();
    }
    return new Chain<>(call, 0, call.request(), call.context).proceed(call.request(), call.context);
  }

  /**
   * The rest of the call as one interceptor sees it: the next interceptors, then the next stage.
   */
  private final class Chain<Q, V, R> implements Interceptor.Chain<Q, R> {
    private final Call<Q, V, R> call;
    private final int index;
    private final Q request;
    private final RequestContext context;

    Chain(Call<Q, V, R> call, int index, Q request, RequestContext context) {
      this.call = call;
      this.index = index;
      this.request = request;
      this.context = context;
    }

    @Override
    public Q request() {
      return request;
    }

    @Override
    public RequestContext context() {
      return context;
    }

    @Override
    public R proceed(Q newRequest, RequestContext newContext) {
      Objects.requireNonNull(newRequest, "request");
      Objects.requireNonNull(newContext, "context");
      if (index >= interceptors.size()) {
        return call.continueWith(newRequest, newContext).proceed();
      }
      return call.op.intercept(
          interceptors.get(index), new Chain<>(call, index + 1, newRequest, newContext));
    }
  }
}
