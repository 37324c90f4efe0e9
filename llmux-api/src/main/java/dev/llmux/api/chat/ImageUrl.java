package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An image reference in a content part: an {@code http(s)} URL or a {@code data:} URL, with an
 * optional {@code detail} ({@code auto}, {@code low}, {@code high}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageUrl(
    String url, @Nullable String detail, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
  /**
   * Checks that {@code url} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public ImageUrl {
    Objects.requireNonNull(url, "url");
    extra = Extras.copy(extra);
  }

  /** An image URL without a detail level. */
  public static ImageUrl of(String url) {
    return new ImageUrl(url, null, Map.of());
  }

  /** An image URL with a detail level ({@code low}, {@code high}, {@code auto}). */
  public static ImageUrl of(String url, @Nullable String detail) {
    return new ImageUrl(url, detail, Map.of());
  }
}
