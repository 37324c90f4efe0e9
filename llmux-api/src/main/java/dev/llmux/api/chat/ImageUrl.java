package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import java.util.Objects;

/**
 * An image reference in a content part: an {@code http(s)} URL or a {@code data:} URL, with an
 * optional {@code detail} ({@code auto}, {@code low}, {@code high}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageUrl(String url, String detail, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
  public ImageUrl {
    Objects.requireNonNull(url, "url");
    extra = Extras.copy(extra);
  }

  public static ImageUrl of(String url) {
    return new ImageUrl(url, null, null);
  }

  public static ImageUrl of(String url, String detail) {
    return new ImageUrl(url, detail, null);
  }
}
