package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;

/**
 * A content part of a Responses item: {@code input_text}, {@code input_image} (with
 * {@code image_url}, an http(s) or data URL), {@code output_text}, {@code refusal},
 * {@code summary_text}...; other fields stay in {@link #extra()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseContent(
    String type,
    String text,
    @JsonProperty("image_url") String imageUrl,
    String detail,
    List<Object> annotations,
    String refusal,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ResponseContent {
    annotations = annotations == null ? null : List.copyOf(annotations);
    extra = Extras.copy(extra);
  }

  public static ResponseContent inputText(String text) {
    return new ResponseContent("input_text", text, null, null, null, null, null);
  }

  public static ResponseContent inputImage(String url) {
    return new ResponseContent("input_image", null, url, null, null, null, null);
  }

  public static ResponseContent outputText(String text) {
    return new ResponseContent("output_text", text, null, null, List.of(), null, null);
  }

  public static ResponseContent summaryText(String text) {
    return new ResponseContent("summary_text", text, null, null, null, null, null);
  }
}
