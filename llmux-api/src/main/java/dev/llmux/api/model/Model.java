package dev.llmux.api.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;

/** One model of a model listing ({@code object = "model"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
    String id,
    String object,
    long created,
    @JsonProperty("owned_by") String ownedBy,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public Model {
    extra = Extras.copy(extra);
  }

  public static Model of(String id, String ownedBy) {
    return new Model(id, "model", 0, ownedBy, null);
  }
}
