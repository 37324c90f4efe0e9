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
  public ImageUrl {
    Objects.requireNonNull(url, "url");
    extra = Extras.copy(extra);
  }

  public static ImageUrl of(String url) {
    return new ImageUrl(url, null, Map.of());
  }

  public static ImageUrl of(String url, @Nullable String detail) {
    return new ImageUrl(url, detail, Map.of());
  }
}
