package dev.llmux.providers.internal;

import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.providers.transport.UpstreamTransport;
import dev.llmux.providers.transport.UpstreamTransports;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Typed, validated access to a {@link ProviderConfig}'s settings. Values may come from code or from
 * a parsed configuration file, so each accessor accepts the natural forms (a number or its text, a
 * {@link Duration} or {@code "50ms"}...). Every problem is an {@link IllegalArgumentException} that
 * names the provider and the setting key.
 */
public final class Settings {
  private final ProviderConfig config;

  private Settings(ProviderConfig config) {
    this.config = config;
  }

  /** Checks that {@code config} only has settings in {@code allowed}. */
  public static Settings of(ProviderConfig config, Set<String> allowed) {
    for (String key : config.settings().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "provider '"
                + config.name()
                + "' (type "
                + config.type()
                + "): unknown setting '"
                + key
                + "'; allowed: "
                + new TreeSet<>(allowed));
      }
    }
    return new Settings(config);
  }

  /** The setting naming a provider's upstream transport ({@code okhttp}, {@code jetty}...). */
  public static final String TRANSPORT = "transport";

  /**
   * The {@value #TRANSPORT} setting as the factories of the HTTP provider types describe it (no
   * LiteLLM counterpart).
   */
  public static final ProviderSetting TRANSPORT_SETTING =
      ProviderSetting.oneOf(
          TRANSPORT,
          UpstreamTransports.names(),
          "upstream HTTP transport: okhttp, jetty, jetty-h2c or jdk (default: okhttp in the library,"
              + " server.upstream_transport in the facade)");

  /**
   * The transport the {@value #TRANSPORT} setting names, else {@link
   * UpstreamTransports#defaultTransport()}.
   */
  public UpstreamTransport transport() {
    String name = string(TRANSPORT, null);
    try {
      return name == null ? UpstreamTransports.defaultTransport() : UpstreamTransports.named(name);
    } catch (IllegalArgumentException e) {
      throw invalid(TRANSPORT, e.getMessage());
    }
  }

  /** An {@link IllegalArgumentException} about {@code key} of this provider. */
  public IllegalArgumentException invalid(String key, String problem) {
    return invalid(config, key, problem);
  }

  /** An {@link IllegalArgumentException} about {@code key} of the provider {@code config}. */
  public static IllegalArgumentException invalid(
      ProviderConfig config, String key, String problem) {
    return new IllegalArgumentException(
        "provider '" + config.name() + "' (type " + config.type() + "): " + key + " " + problem);
  }

  /**
   * The provider's base URL ({@code base_url}), or {@code fallback} when not configured; a {@code
   * null} fallback makes it required. A trailing slash is dropped.
   */
  public static HttpUrl baseUrl(ProviderConfig config, String fallback) {
    String raw = config.baseUrl();
    if (raw == null || raw.isBlank()) {
      if (fallback == null) {
        throw invalid(config, "base_url", "is required");
      }
      raw = fallback;
    }
    String trimmed = raw.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    HttpUrl url = HttpUrl.parse(trimmed);
    if (url == null || url.query() != null || url.fragment() != null) {
      throw invalid(
          config, "base_url", "'" + raw + "' is not a valid http(s) URL without query or fragment");
    }
    return url;
  }

  /** A string setting, or {@code fallback}. */
  public String string(String key, String fallback) {
    Object v = config.settings().get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Map || v instanceof List) {
      throw invalid(key, "must be a string, got " + v);
    }
    return v.toString();
  }

  /** A boolean setting ({@code true}/{@code false}, as a boolean or text), or {@code fallback}. */
  public boolean bool(String key, boolean fallback) {
    Object v = config.settings().get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().strip().toLowerCase(Locale.ROOT);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw invalid(key, "must be true or false, got '" + v + "'");
  }

  /** A number setting, or {@code fallback}. */
  public double number(String key, double fallback) {
    Object v = config.settings().get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().strip());
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a number, got '" + v + "'");
    }
  }

  /** A whole-number setting, or {@code fallback}. */
  public long integer(String key, long fallback) {
    Object v = config.settings().get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    try {
      return Long.parseLong(v.toString().strip());
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a whole number, got '" + v + "'");
    }
  }

  /**
   * A duration setting: a {@link Duration}, a number of milliseconds, or text such as {@code 250},
   * {@code 50ms}, {@code 1.5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1S}). Negative is an
   * error.
   */
  public Duration duration(String key, Duration fallback) {
    Object v = config.settings().get(key);
    if (v == null) {
      return fallback;
    }
    Duration d = parseDuration(v);
    if (d == null) {
      throw invalid(
          key,
          "must be a duration such as 50ms, 1s, 2m or a number of milliseconds, got '" + v + "'");
    }
    if (d.isNegative()) {
      throw invalid(key, "must not be negative, got '" + v + "'");
    }
    return d;
  }

  /** A map of strings setting (for example extra HTTP headers), or an empty map. */
  public Map<String, String> stringMap(String key) {
    Object v = config.settings().get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw invalid(key, "must be a map of strings, got " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw invalid(key, "must not contain null keys or values");
      }
      out.put(e.getKey().toString(), e.getValue().toString());
    }
    return Collections.unmodifiableMap(out);
  }

  /** A list of strings setting (a list, or one string), or an empty list. */
  public List<String> stringList(String key) {
    Object v = config.settings().get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        if (o == null) {
          throw invalid(key, "must not contain nulls");
        }
        out.add(o.toString());
      }
      return List.copyOf(out);
    }
    if (v instanceof Map) {
      throw invalid(key, "must be a list of strings, got " + v);
    }
    return List.of(v.toString());
  }

  static Duration parseDuration(Object v) {
    if (v instanceof Duration d) {
      return d;
    }
    if (v instanceof Number n) {
      return Duration.ofNanos(Math.round(n.doubleValue() * 1_000_000d));
    }
    String s = v.toString().strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return null;
    }
    if (s.startsWith("pt") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int i = 0;
    while (i < s.length()
        && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) {
      i++;
    }
    double amount;
    try {
      amount = Double.parseDouble(s.substring(0, i));
    } catch (NumberFormatException e) {
      return null;
    }
    double nanosPerUnit;
    switch (s.substring(i).strip()) {
      case "":
      case "ms":
        nanosPerUnit = 1_000_000d;
        break;
      case "us":
        nanosPerUnit = 1_000d;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000d;
        break;
      case "m":
      case "min":
        nanosPerUnit = 60_000_000_000d;
        break;
      case "h":
        nanosPerUnit = 3_600_000_000_000d;
        break;
      default:
        return null;
    }
    return Duration.ofNanos(Math.round(amount * nanosPerUnit));
  }
}
