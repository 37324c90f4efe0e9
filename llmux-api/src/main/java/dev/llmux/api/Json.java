package dev.llmux.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The shared, configured Jackson mapper for LLMux's OpenAI-shaped types.
 *
 * <p>Unknown properties are accepted (the types keep them in their {@code extra} maps) and {@code
 * null} fields are omitted on write. The mapper is thread-safe; reuse it rather than building
 * another.
 */
public final class Json {
  /**
   * Parser and generator buffers (some 16 KB per use) come from one bounded pool shared by all
   * threads rather than Jackson's default per-thread pool: a virtual thread lives for one request,
   * so a per-thread pool allocated fresh buffers on every parse and write (in the facade, half of
   * all bytes allocated per request).
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
          .build();

  private Json() {}

  /** Returns the shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes {@code value} to a JSON string. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /** Serializes {@code value} to UTF-8 JSON bytes. */
  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Parses {@code json} into {@code type}; malformed input throws {@link IllegalArgumentException}.
   * The JSON literal {@code null} gives {@code null}.
   */
  public static <T> @Nullable T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses UTF-8 JSON bytes into {@code type}; malformed input throws {@link
   * IllegalArgumentException}. The JSON literal {@code null} gives {@code null}.
   */
  public static <T> @Nullable T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a UTF-8 JSON stream into {@code type}; malformed input throws {@link
   * IllegalArgumentException}. The JSON literal {@code null} gives {@code null}.
   */
  public static <T> @Nullable T read(InputStream json, Class<T> type) throws IOException {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
