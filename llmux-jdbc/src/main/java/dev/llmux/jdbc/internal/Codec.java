package dev.llmux.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** JSON columns, secure random ids and tokens, SHA-256. Not public API. */
public final class Codec {
  private Codec() {}

  static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String s, TypeReference<T> type, T empty) {
    if (s == null || s.isEmpty()) {
      return empty;
    }
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad JSON column: " + e.getOriginalMessage(), e);
    }
  }

  static List<String> stringList(String s) {
    return read(s, new TypeReference<List<String>>() {}, List.of());
  }

  static Map<String, String> stringMap(String s) {
    return read(s, new TypeReference<Map<String, String>>() {}, Map.of());
  }

  static Map<String, Object> objectMap(String s) {
    return read(s, new TypeReference<Map<String, Object>>() {}, Map.of());
  }

  static Map<String, BigDecimal> decimalMap(String s) {
    return read(s, new TypeReference<Map<String, BigDecimal>>() {}, Map.of());
  }

  /** {@code n} random base62 characters from a {@link SecureRandom}. */
  public static String randomBase62(int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(out);
  }

  /** SHA-256 of the UTF-8 bytes, lower-case hex. */
  public static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two hex digests (no early exit on the first difference). */
  static boolean digestEquals(String storedHex, String computedHex) {
    if (storedHex == null || computedHex == null) {
      return false;
    }
    return MessageDigest.isEqual(
        storedHex.getBytes(StandardCharsets.US_ASCII),
        computedHex.getBytes(StandardCharsets.US_ASCII));
  }

  /** A JSON writer for audit snapshots: records with ISO timestamps. */
  static final ObjectMapper AUDIT_JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .addMixIn(dev.llmux.jdbc.Limits.class, LimitsMixIn.class)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Keeps {@code Limits.isEmpty()} out of the snapshots: only the record's components. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties("empty")
  private abstract static class LimitsMixIn {}
}
