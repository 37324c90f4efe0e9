package dev.llmux.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A model listing ({@code object = "list"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelList(@Nullable String object, List<Model> data) {
  /** Makes the lists and maps immutable copies. */
  public ModelList {
    data = data == null ? List.of() : List.copyOf(data);
  }

  /** A list of models. */
  public static ModelList of(List<Model> data) {
    return new ModelList("list", data);
  }
}
