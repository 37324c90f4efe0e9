package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code response_format} of a request: {@code text}, {@code json_object} or {@code
 * json_schema}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseFormat(
    String type,
    @JsonProperty("json_schema") @Nullable JsonSchema jsonSchema,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Plain text output (the default). */
  public static final ResponseFormat TEXT = new ResponseFormat("text", null, Map.of());

  /** Any valid JSON object. */
  public static final ResponseFormat JSON_OBJECT =
      new ResponseFormat("json_object", null, Map.of());

  /**
   * Checks that {@code type} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public ResponseFormat {
    Objects.requireNonNull(type, "type");
    extra = Extras.copy(extra);
  }

  /** Output that follows a JSON schema. */
  public static ResponseFormat jsonSchema(JsonSchema schema) {
    return new ResponseFormat("json_schema", Objects.requireNonNull(schema, "schema"), Map.of());
  }
}
