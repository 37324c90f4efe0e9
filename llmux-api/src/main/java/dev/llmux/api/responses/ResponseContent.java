package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A content part of a Responses item: {@code input_text}, {@code input_image} (with {@code
 * image_url}, an http(s) or data URL), {@code output_text}, {@code refusal}, {@code
 * summary_text}...; other fields stay in {@link #extra()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseContent(
    @Nullable String type,
    @Nullable String text,
    @JsonProperty("image_url") @Nullable String imageUrl,
    @Nullable String detail,
    @Nullable List<Object> annotations,
    @Nullable String refusal,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ResponseContent {
    annotations = annotations == null ? null : List.copyOf(annotations);
    extra = Extras.copy(extra);
  }

  /** An {@code input_text} part. */
  public static ResponseContent inputText(@Nullable String text) {
    return new ResponseContent("input_text", text, null, null, null, null, Map.of());
  }

  /** An {@code input_image} part referring to a URL. */
  public static ResponseContent inputImage(@Nullable String url) {
    return new ResponseContent("input_image", null, url, null, null, null, Map.of());
  }

  /** An {@code output_text} part. */
  public static ResponseContent outputText(@Nullable String text) {
    return new ResponseContent("output_text", text, null, null, List.of(), null, Map.of());
  }

  /** A reasoning {@code summary_text} part. */
  public static ResponseContent summaryText(@Nullable String text) {
    return new ResponseContent("summary_text", text, null, null, null, null, Map.of());
  }
}
