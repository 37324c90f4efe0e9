package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A function the model may call: name, description, JSON-schema {@code parameters} (kept as a
 * generic JSON tree) and {@code strict}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionDefinition(
    String name,
    @Nullable String description,
    @Nullable Map<String, Object> parameters,
    @Nullable Boolean strict,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /**
   * Checks that {@code name} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public FunctionDefinition {
    Objects.requireNonNull(name, "name");
    extra = Extras.copy(extra);
  }

  /** A function definition with its JSON-schema parameters. */
  public static FunctionDefinition of(
      String name, @Nullable String description, @Nullable Map<String, Object> parameters) {
    return new FunctionDefinition(name, description, parameters, null, Map.of());
  }
}
