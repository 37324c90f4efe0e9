package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code reasoning} option: {@code effort} (minimal, low, medium, high) and {@code summary}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reasoning(
    @Nullable String effort,
    @Nullable String summary,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
  public Reasoning {
    extra = Extras.copy(extra);
  }

  public static Reasoning effort(@Nullable String effort) {
    return new Reasoning(effort, null, Map.of());
  }
}
