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
  /** Makes the lists and maps immutable copies. */
  public Reasoning {
    extra = Extras.copy(extra);
  }

  /** Reasoning settings with only the effort set. */
  public static Reasoning effort(@Nullable String effort) {
    return new Reasoning(effort, null, Map.of());
  }
}
