package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code text} option of a Responses request: its {@code format}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextConfig(
    @Nullable Format format, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public TextConfig {
    extra = Extras.copy(extra);
  }

  /** A text configuration asking for output that follows a JSON schema. */
  public static TextConfig jsonSchema(
      @Nullable String name, @Nullable Map<String, Object> schema, @Nullable Boolean strict) {
    return new TextConfig(
        new Format("json_schema", name, null, schema, strict, Map.of()), Map.of());
  }

  /**
   * {@code text.format}: {@code text}, {@code json_object}, or {@code json_schema} (flat: name,
   * schema, strict).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Format(
      @Nullable String type,
      @Nullable String name,
      @Nullable String description,
      @Nullable Map<String, Object> schema,
      @Nullable Boolean strict,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public Format {
      extra = Extras.copy(extra);
    }
  }
}
