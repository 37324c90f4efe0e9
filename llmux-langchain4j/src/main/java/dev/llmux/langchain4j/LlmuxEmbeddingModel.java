package dev.llmux.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link EmbeddingModel} served by an {@link LlmRouter}: {@code embedAll} is one
 * routed {@code embed} call for the whole batch (float vectors, in input order, with the prompt
 * token usage). Errors are the router's {@link dev.llmux.api.error.LlmException}.
 */
public final class LlmuxEmbeddingModel implements EmbeddingModel {
  private final LlmRouter router;
  private final String modelGroup;
  private final Integer dimensions;
  private final Supplier<RequestContext> context;

  private LlmuxEmbeddingModel(Builder b) {
    this.router = Objects.requireNonNull(b.router, "router");
    this.modelGroup = Objects.requireNonNull(b.modelGroup, "modelGroup");
    this.dimensions = b.dimensions;
    this.context = b.context;
  }

  public static LlmuxEmbeddingModel of(LlmRouter router, String modelGroup) {
    return builder(router).modelGroup(modelGroup).build();
  }

  public static Builder builder(LlmRouter router) {
    return new Builder(router);
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<String> inputs = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      inputs.add(s.text());
    }
    EmbeddingRequest request =
        new EmbeddingRequest(modelGroup, inputs, "float", dimensions, null, null);
    RouteResult<EmbeddingResponse> result = router.embed(request, Contexts.get(context));
    List<dev.llmux.api.embedding.Embedding> data = new ArrayList<>(result.response().data());
    data.sort(Comparator.comparingInt(dev.llmux.api.embedding.Embedding::index));
    List<Embedding> out = new ArrayList<>(data.size());
    for (dev.llmux.api.embedding.Embedding e : data) {
      float[] v = e.vector();
      if (v == null) {
        throw new IllegalStateException("embedding " + e.index() + " is not a float vector");
      }
      out.add(Embedding.from(v));
    }
    TokenUsage usage =
        result.usage() == null ? null : new TokenUsage(result.usage().promptTokens());
    return Response.from(out, usage);
  }

  @Override
  public int dimension() {
    return dimensions != null ? dimensions : EmbeddingModel.super.dimension();
  }

  @Override
  public String modelName() {
    return modelGroup;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Builder of {@link LlmuxEmbeddingModel}. */
  public static final class Builder {
    private final LlmRouter router;
    private String modelGroup;
    private Integer dimensions;
    private Supplier<RequestContext> context = () -> RequestContext.EMPTY;

    private Builder(LlmRouter router) {
      this.router = router;
    }

    /** The embedding model group (or alias); required. */
    public Builder modelGroup(String modelGroup) {
      this.modelGroup = modelGroup;
      return this;
    }

    /** Asks for vectors of this size ({@code dimensions}); default: the model's own. */
    public Builder dimensions(Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** The request context of each call; default {@link RequestContext#EMPTY}. */
    public Builder context(Supplier<RequestContext> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    public LlmuxEmbeddingModel build() {
      return new LlmuxEmbeddingModel(this);
    }
  }
}
