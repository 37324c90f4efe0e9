package dev.llmux.core.internal.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of durations and byte sizes as written in configuration files. */
final class Values {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|kib|mib|gib)?", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private Values() {}

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or a bare number of
   * seconds, possibly fractional ({@code 1.5}, {@code 0.25s}).
   *
   * @throws IllegalArgumentException describing the problem
   */
  static Duration duration(String text) {
    String t = text.trim();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("must not be negative");
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 30s, 5m, 1h, 1d or a number of seconds");
    }
    BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    long nanosPerUnit =
        switch (unit) {
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        };
    BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
    BigDecimal[] parts = nanos.divideAndRemainder(NANOS_PER_SECOND);
    try {
      return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too large");
    }
  }

  /**
   * Parses a byte size: a bare number of bytes, or a number with {@code B}, {@code KB}/{@code MB}/
   * {@code GB} (powers of 1000) or {@code KiB}/{@code MiB}/{@code GiB} (powers of 1024).
   *
   * @throws IllegalArgumentException describing the problem
   */
  static long size(String text) {
    String t = text.trim();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("must not be negative");
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size such as 67108864, 64MiB or 500MB");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "kb" -> 1000L;
          case "mb" -> 1000L * 1000;
          case "gb" -> 1000L * 1000 * 1000;
          case "kib" -> 1024L;
          case "mib" -> 1024L * 1024;
          case "gib" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    try {
      return new BigInteger(m.group(1)).multiply(BigInteger.valueOf(factor)).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("size too large");
    }
  }
}
