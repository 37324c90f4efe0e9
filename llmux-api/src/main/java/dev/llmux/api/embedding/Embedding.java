package dev.llmux.api.embedding;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One embedding vector. {@code embedding} is a list of numbers, or a base64 string when the request
 * asked for {@code encoding_format: base64}; it is kept as received.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Embedding(
    @Nullable String object,
    int index,
    @Nullable Object embedding,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public Embedding {
    extra = Extras.copy(extra);
  }

  /** An embedding vector at the given input index. */
  public static Embedding of(int index, List<Double> vector) {
    return new Embedding("embedding", index, List.copyOf(vector), Map.of());
  }

  /** The vector as floats, or {@code null} when it is base64-encoded. */
  public float @Nullable [] vector() {
    if (!(embedding instanceof List<?> list)) {
      return null;
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  /** Returns a copy with {@code index} replaced. */
  public Embedding withIndex(int newIndex) {
    return new Embedding(object, newIndex, embedding, extra);
  }
}
