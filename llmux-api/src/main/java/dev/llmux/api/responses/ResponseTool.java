package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool of a Responses request; function tools are flat ({@code type, name, description,
 * parameters, strict}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseTool(
    @Nullable String type,
    @Nullable String name,
    @Nullable String description,
    @Nullable Map<String, Object> parameters,
    @Nullable Boolean strict,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ResponseTool {
    extra = Extras.copy(extra);
  }

  /** A function tool from its name, description and JSON-schema parameters. */
  public static ResponseTool function(
      @Nullable String name,
      @Nullable String description,
      @Nullable Map<String, Object> parameters) {
    return new ResponseTool("function", name, description, parameters, null, Map.of());
  }
}
