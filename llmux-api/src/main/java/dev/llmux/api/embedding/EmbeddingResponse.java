package dev.llmux.api.embedding;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import dev.llmux.api.chat.Usage;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An OpenAI-shaped embeddings response ({@code object = "list"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingResponse(
    @Nullable String object,
    List<Embedding> data,
    @Nullable String model,
    @Nullable Usage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public EmbeddingResponse {
    data = data == null ? List.of() : List.copyOf(data);
    extra = Extras.copy(extra);
  }

  /** A response with the given model, vectors and usage. */
  public static EmbeddingResponse of(
      List<Embedding> data, @Nullable String model, @Nullable Usage usage) {
    return new EmbeddingResponse("list", data, model, usage, Map.of());
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public EmbeddingResponse withModel(@Nullable String newModel) {
    return new EmbeddingResponse(object, data, newModel, usage, extra);
  }
}
