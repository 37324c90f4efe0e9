package dev.llmux.api.embedding;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import dev.llmux.api.chat.Usage;
import java.util.List;
import java.util.Map;

/** An OpenAI-shaped embeddings response ({@code object = "list"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingResponse(
    String object,
    List<Embedding> data,
    String model,
    Usage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public EmbeddingResponse {
    data = data == null ? List.of() : List.copyOf(data);
    extra = Extras.copy(extra);
  }

  public static EmbeddingResponse of(List<Embedding> data, String model, Usage usage) {
    return new EmbeddingResponse("list", data, model, usage, null);
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public EmbeddingResponse withModel(String newModel) {
    return new EmbeddingResponse(object, data, newModel, usage, extra);
  }
}
