package dev.llmux.api.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One model of a model listing ({@code object = "model"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
    @Nullable String id,
    @Nullable String object,
    long created,
    @JsonProperty("owned_by") @Nullable String ownedBy,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public Model {
    extra = Extras.copy(extra);
  }

  /** A model entry with its id and owner. */
  public static Model of(@Nullable String id, @Nullable String ownedBy) {
    return new Model(id, "model", 0, ownedBy, Map.of());
  }
}
