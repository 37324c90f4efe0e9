package dev.llmux.api.embedding;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.llmux.api.Extras;
import dev.llmux.api.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-shaped embeddings request ({@code POST /v1/embeddings}).
 *
 * <p>{@code input} is what OpenAI accepts: a string, a list of strings, a list of token ids, or a
 * list of token-id lists; it is kept as parsed ({@link String} or {@link List}) and written back
 * the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
    @Nullable String model,
    @Nullable Object input,
    @JsonProperty("encoding_format") @Nullable String encodingFormat,
    @JsonDeserialize(using = Json.StrictInt.class) @Nullable Integer dimensions,
    @Nullable String user,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public EmbeddingRequest {
    if (input instanceof List<?> list) {
      input = List.copyOf(list);
    }
    extra = Extras.copy(extra);
  }

  /** A request embedding one input. */
  public static EmbeddingRequest of(@Nullable String model, String input) {
    return new EmbeddingRequest(
        model, Objects.requireNonNull(input, "input"), null, null, null, Map.of());
  }

  /** A request embedding several inputs. */
  public static EmbeddingRequest of(@Nullable String model, List<String> inputs) {
    return new EmbeddingRequest(model, List.copyOf(inputs), null, null, null, Map.of());
  }

  /**
   * The inputs as a list of items: a single string or token list is one item; a list of strings or
   * of token lists is one item each.
   */
  public List<Object> inputItems() {
    if (input instanceof List<?> list) {
      if (!list.isEmpty() && list.get(0) instanceof Number) {
        return List.of(list);
      }
      return List.copyOf(list);
    }
    return input == null ? List.of() : List.of(input);
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public EmbeddingRequest withModel(@Nullable String newModel) {
    return new EmbeddingRequest(newModel, input, encodingFormat, dimensions, user, extra);
  }

  /** Returns a copy whose {@code input} is {@code newInput}. */
  public EmbeddingRequest withInput(@Nullable Object newInput) {
    return new EmbeddingRequest(model, newInput, encodingFormat, dimensions, user, extra);
  }
}
