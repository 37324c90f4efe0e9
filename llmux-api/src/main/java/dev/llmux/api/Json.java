package dev.llmux.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The shared, configured Jackson mapper for LLMux's OpenAI-shaped types.
 *
 * <p>Unknown properties are accepted (the types keep them in their {@code extra} maps) and {@code
 * null} fields are omitted on write. Reading is strict where leniency would hide a caller's mistake
 * or an attack: data after the JSON value is an error ({@code FAIL_ON_TRAILING_TOKENS}: {@code
 * {...}{...}} is not silently read as its first half), objects and arrays nest at most {@value
 * #MAX_NESTING_DEPTH} levels, and the integer fields of the request types refuse fractions and
 * strings ({@link StrictInt}, {@link StrictLong}); numbers, strings and names keep Jackson's
 * default length limits. {@link #describe} says what went wrong without naming Java classes. The
 * mapper is thread-safe; reuse it rather than building another.
 */
public final class Json {
  /** How deeply objects and arrays may nest in JSON read by this mapper. */
  public static final int MAX_NESTING_DEPTH = 128;

  /**
   * Parser and generator buffers (some 16 KB per use) come from one bounded pool shared by all
   * threads rather than Jackson's default per-thread pool: a virtual thread lives for one request,
   * so a per-thread pool allocated fresh buffers on every parse and write (in the facade, half of
   * all bytes allocated per request).
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
          .build();

  private Json() {}

  /**
   * What went wrong in {@code e}, for the caller who sent the JSON: the field ({@code
   * messages[0].role}) and what it must be ({@code an integer}), or where the text stops being
   * JSON. Never names a Java class or a Jackson feature.
   */
  public static String describe(JsonProcessingException e) {
    return JsonErrors.describe(e);
  }

  /**
   * The path of the field {@code e} is about ({@code messages[0].content}), or {@code null} when it
   * is about the document as a whole.
   */
  public static @Nullable String fieldPath(JsonProcessingException e) {
    return JsonErrors.fieldPath(e);
  }

  /**
   * An integer field that refuses what Jackson would otherwise coerce: {@code 1.5} (truncated to
   * 1), {@code "5"} and {@code true}. For request fields such as {@code max_tokens}, where a
   * fraction is a caller's mistake that must not be rounded silently.
   */
  public static final class StrictInt extends StdScalarDeserializer<Integer> {
    private static final long serialVersionUID = 1L;

    /** Creates the deserializer (Jackson instantiates it from {@code @JsonDeserialize}). */
    public StrictInt() {
      super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
        if (p.getNumberType() == JsonParser.NumberType.INT) {
          return p.getIntValue();
        }
        return (Integer)
            ctxt.handleWeirdNumberValue(Integer.class, p.getNumberValue(), "out of range");
      }
      return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
    }
  }

  /** {@link StrictInt} for {@code long} fields (such as {@code seed}). */
  public static final class StrictLong extends StdScalarDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    /** Creates the deserializer (Jackson instantiates it from {@code @JsonDeserialize}). */
    public StrictLong() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
        JsonParser.NumberType t = p.getNumberType();
        if (t == JsonParser.NumberType.INT || t == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return (Long) ctxt.handleWeirdNumberValue(Long.class, p.getNumberValue(), "out of range");
      }
      return (Long) ctxt.handleUnexpectedToken(Long.class, p);
    }
  }

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
      throw new IllegalArgumentException("malformed JSON: " + describe(e), e);
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
      throw new IllegalArgumentException("malformed JSON: " + describe(e), e);
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
      throw new IllegalArgumentException("malformed JSON: " + describe(e), e);
    }
  }
}
