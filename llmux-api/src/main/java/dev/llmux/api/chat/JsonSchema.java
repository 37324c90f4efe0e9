package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code json_schema} of a structured-output {@link ResponseFormat}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonSchema(
    @Nullable String name,
    @Nullable String description,
    @Nullable Map<String, Object> schema,
    @Nullable Boolean strict,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public JsonSchema {
    extra = Extras.copy(extra);
  }

  /** A named JSON schema; {@code strict} asks the model to follow it exactly. */
  public static JsonSchema of(
      @Nullable String name, @Nullable Map<String, Object> schema, boolean strict) {
    return new JsonSchema(name, null, schema, strict, Map.of());
  }
}
