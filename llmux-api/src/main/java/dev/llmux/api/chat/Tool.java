package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A tool offered to the model; {@code type} is {@code function} for function tools. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(
    @Nullable String type,
    @Nullable FunctionDefinition function,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public Tool {
    extra = Extras.copy(extra);
  }

  /** A function tool. */
  public static Tool function(@Nullable FunctionDefinition function) {
    return new Tool("function", function, Map.of());
  }

  /** A function tool from its name, description and JSON-schema parameters. */
  public static Tool function(
      String name, @Nullable String description, @Nullable Map<String, Object> parameters) {
    return function(FunctionDefinition.of(name, description, parameters));
  }
}
