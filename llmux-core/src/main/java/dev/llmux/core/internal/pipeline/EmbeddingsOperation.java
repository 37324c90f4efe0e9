package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.governance.Ticket;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Embeddings ({@code LlmRouter.embed}). Cached per input item: only the items missing from the
 * cache go upstream (one call, one call record), and the answer is put together in input order.
 */
final class EmbeddingsOperation extends PlainOperation<EmbeddingRequest, EmbeddingResponse> {

  EmbeddingsOperation() {
    super(RouterTelemetry.EMBEDDINGS, RouterTelemetry.EMBEDDINGS, RequestType.EMBEDDINGS);
  }

  @Override
  RouteResult<EmbeddingResponse> intercept(
      Interceptor interceptor,
      Interceptor.Chain<EmbeddingRequest, RouteResult<EmbeddingResponse>> chain) {
    return interceptor.interceptEmbed(chain);
  }

  @Override
  Ticket admit(
      Governance governance,
      Call<EmbeddingRequest, EmbeddingResponse, RouteResult<EmbeddingResponse>> call,
      ModelCatalog.Group group) {
    int promptTokens = call.tokens().forModel(group.deployments().get(0).model());
    return governance.admit(call.context, group, promptTokens, 0, 1);
  }

  @Override
  EmbeddingResponse attempt(
      Call<EmbeddingRequest, EmbeddingResponse, RouteResult<EmbeddingResponse>> call,
      Provider provider,
      Deployment d,
      CallOptions options) {
    return provider.embed(call.request().withModel(upstreamModel(d)), options);
  }

  @Override
  Usage usage(Call<EmbeddingRequest, EmbeddingResponse, RouteResult<EmbeddingResponse>> call) {
    Usage usage = call.value().usage();
    return usage != null ? usage : Usage.of(call.tokens().forDeployment(call.deployment()), 0);
  }

  @Override
  @Nullable Usage storedUsage(EmbeddingResponse stored) {
    return stored.usage();
  }

  @Override
  RouteResult<EmbeddingResponse> throughCache(
      Call<EmbeddingRequest, EmbeddingResponse, RouteResult<EmbeddingResponse>> call,
      CacheStage stage) {
    ResponseCache cache = stage.cache();
    CacheControl cc = call.cacheControl;
    EmbeddingRequest request = call.request();
    String group = call.group().name();
    List<Object> items = request.inputItems();
    String[] keys = new String[items.size()];
    Embedding[] found = new Embedding[items.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      keys[i] = cache.embeddingKey(group, request, items.get(i), cc);
      found[i] = cache.get(keys[i], cc, Embedding.class);
      if (found[i] == null) {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      List<Embedding> data = new ArrayList<>(items.size());
      for (int i = 0; i < found.length; i++) {
        data.add(found[i].withIndex(i));
      }
      return stage.hit(
          call, EmbeddingResponse.of(data, request.model(), Usage.of(0, 0)), Usage.of(0, 0));
    }
    if (missing.size() < items.size()) {
      List<Object> rest = new ArrayList<>(missing.size());
      missing.forEach(i -> rest.add(items.get(i)));
      call.request(request.withInput(rest), true);
    }
    RouteResult<EmbeddingResponse> served = call.proceed();
    EmbeddingResponse upstream = served.response();
    for (Embedding e : upstream.data()) {
      if (e.index() < 0 || e.index() >= missing.size()) {
        throw new UpstreamServerException(
            "embedding response has index " + e.index() + " for " + missing.size() + " input(s)",
            null,
            null);
      }
      int original = missing.get(e.index());
      found[original] = e.withIndex(original);
      cache.put(keys[original], found[original], cc);
    }
    List<Embedding> data = new ArrayList<>(items.size());
    for (int i = 0; i < found.length; i++) {
      if (found[i] == null) {
        throw new UpstreamServerException("embedding response lacks input " + i, null, null);
      }
      data.add(found[i].withIndex(i));
    }
    EmbeddingResponse merged =
        new EmbeddingResponse(
            upstream.object(), data, upstream.model(), upstream.usage(), upstream.extra());
    RouteResult<EmbeddingResponse> r =
        new RouteResult<>(
            merged,
            served.requestId(),
            served.requestedModel(),
            served.modelGroup(),
            served.deploymentId(),
            served.provider(),
            served.attempts(),
            Duration.ofNanos(call.pipeline.ticker.read() - call.startNanos),
            null,
            served.usage(),
            served.cost(),
            false,
            served.callId());
    call.result = r;
    return r;
  }
}
