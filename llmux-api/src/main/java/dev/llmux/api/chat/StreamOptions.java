package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code stream_options}: {@code include_usage} asks for a final chunk carrying usage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamOptions(
    @JsonProperty("include_usage") @Nullable Boolean includeUsage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public StreamOptions {
    extra = Extras.copy(extra);
  }

  /** Options asking for usage in the stream's last chunk. */
  public static StreamOptions withUsage() {
    return new StreamOptions(true, Map.of());
  }
}
