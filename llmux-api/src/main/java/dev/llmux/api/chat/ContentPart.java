package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One part of a multi-part message content. {@code type} is {@code text} (with {@link #text()}),
 * {@code image_url} (with {@link #imageUrl()}) or any other part type OpenAI defines ({@code
 * input_audio}, {@code file}, {@code refusal}...), whose fields stay in {@link #extra()}.
 */
// Helper methods named isX() must not become JSON properties.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(
    String type,
    @Nullable String text,
    @JsonProperty("image_url") @Nullable ImageUrl imageUrl,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Part type {@code text}. */
  public static final String TEXT = "text";

  /** Part type {@code image_url}. */
  public static final String IMAGE_URL = "image_url";

  /**
   * Checks that {@code type} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public ContentPart {
    Objects.requireNonNull(type, "type");
    extra = Extras.copy(extra);
  }

  /** A text part. */
  public static ContentPart text(String text) {
    return new ContentPart(TEXT, Objects.requireNonNull(text, "text"), null, Map.of());
  }

  /** An image part referring to a URL (or a {@code data:} URL). */
  public static ContentPart image(String url) {
    return new ContentPart(IMAGE_URL, null, ImageUrl.of(url), Map.of());
  }

  /** An image part with a detail level ({@code low}, {@code high}, {@code auto}). */
  public static ContentPart image(String url, @Nullable String detail) {
    return new ContentPart(IMAGE_URL, null, ImageUrl.of(url, detail), Map.of());
  }

  /** Whether this is a text part. */
  public boolean isText() {
    return TEXT.equals(type);
  }

  /** Whether this is an image part. */
  public boolean isImage() {
    return IMAGE_URL.equals(type);
  }
}
