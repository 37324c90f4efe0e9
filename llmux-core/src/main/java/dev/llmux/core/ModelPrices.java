package dev.llmux.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A price and context-window table: LLMux's bundled one ({@code dev/llmux/core/model_prices.json},
 * with the date its prices were checked in its {@code _meta} entry), optionally overlaid with files
 * in LiteLLM's {@code model_prices_and_context_window.json} format. Immutable.
 *
 * <p>Lookup of an upstream model served by a provider of type {@code type}: {@code type/model},
 * then {@code model}, then the same with a trailing {@code -YYYYMMDD} or {@code -YYYY-MM-DD} date
 * removed, then the model after its last {@code /}. Keys are case-insensitive.
 */
public final class ModelPrices {
  static final String BUNDLED = "/dev/llmux/core/model_prices.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, ModelPrice> entries;
  private final @Nullable String checked;

  private ModelPrices(Map<String, ModelPrice> entries, @Nullable String checked) {
    this.entries = Map.copyOf(entries);
    this.checked = checked;
  }

  /** The bundled table. */
  public static ModelPrices bundled() {
    return Bundled.INSTANCE;
  }

  /** An empty table (every price unknown). */
  public static ModelPrices empty() {
    return new ModelPrices(Map.of(), null);
  }

  /** When the bundled prices were last checked, as written in the file ({@code null} if absent). */
  public @Nullable String checked() {
    return checked;
  }

  /** This table with the entries of a LiteLLM-format file laid over it (the file's win). */
  public ModelPrices with(Path liteLlmFile) {
    try (InputStream in = Files.newInputStream(liteLlmFile)) {
      return with(in, liteLlmFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model prices from " + liteLlmFile, e);
    }
  }

  ModelPrices with(InputStream in, String what) {
    Map<String, ModelPrice> merged = new HashMap<>(entries);
    String[] meta = new String[1];
    parse(in, what, merged, meta);
    return new ModelPrices(merged, meta[0] != null ? meta[0] : checked);
  }

  /** This table with one entry added or replaced. */
  public ModelPrices with(String model, ModelPrice price) {
    Map<String, ModelPrice> merged = new HashMap<>(entries);
    merged.put(model.toLowerCase(Locale.ROOT), price);
    return new ModelPrices(merged, checked);
  }

  /**
   * The entry for {@code model} served by a provider of type {@code providerType}, or {@link
   * ModelPrice#UNKNOWN}.
   */
  public ModelPrice lookup(@Nullable String providerType, @Nullable String model) {
    if (model == null) {
      return ModelPrice.UNKNOWN;
    }
    String m = model.toLowerCase(Locale.ROOT);
    ModelPrice p = find(providerType, m);
    if (p == null) {
      String undated = undated(m);
      if (undated != null) {
        p = find(providerType, undated);
      }
    }
    if (p == null) {
      int slash = m.lastIndexOf('/');
      if (slash >= 0 && slash < m.length() - 1) {
        return lookup(providerType, m.substring(slash + 1));
      }
    }
    return p == null ? ModelPrice.UNKNOWN : p;
  }

  /** Number of entries. */
  public int size() {
    return entries.size();
  }

  private @Nullable ModelPrice find(@Nullable String providerType, String m) {
    if (providerType != null) {
      ModelPrice p = entries.get(providerType.toLowerCase(Locale.ROOT) + "/" + m);
      if (p != null) {
        return p;
      }
    }
    return entries.get(m);
  }

  private static @Nullable String undated(String m) {
    int n = m.length();
    if (n > 9 && m.charAt(n - 9) == '-' && allDigits(m, n - 8, n)) {
      return m.substring(0, n - 9);
    }
    if (n > 11
        && m.charAt(n - 11) == '-'
        && m.charAt(n - 6) == '-'
        && m.charAt(n - 3) == '-'
        && allDigits(m, n - 10, n - 6)
        && allDigits(m, n - 5, n - 3)
        && allDigits(m, n - 2, n)) {
      return m.substring(0, n - 11);
    }
    return null;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static void parse(
      InputStream in, String what, Map<String, ModelPrice> out, String[] checked) {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "model prices " + what + " are not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "model prices " + what + " must be a JSON object of model entries");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (e.getKey().equals("_meta")) {
        checked[0] = v.path("checked").asText(null);
        continue;
      }
      if (e.getKey().equals("sample_spec") || !v.isObject()) {
        continue; // LiteLLM's file documents its schema in a sample entry
      }
      out.put(
          e.getKey().toLowerCase(Locale.ROOT),
          new ModelPrice(
              dbl(v, "input_cost_per_token"),
              dbl(v, "output_cost_per_token"),
              dbl(v, "cache_read_input_token_cost"),
              dbl(v, "cache_creation_input_token_cost"),
              dbl(v, "output_cost_per_reasoning_token"),
              dbl(v, "input_cost_per_token_above_200k_tokens"),
              dbl(v, "output_cost_per_token_above_200k_tokens"),
              dbl(v, "cache_read_input_token_cost_above_200k_tokens"),
              integer(v, "max_input_tokens"),
              integer(v, "max_output_tokens"),
              v.path("litellm_provider").asText(null),
              v.path("mode").asText(null)));
    }
  }

  private static @Nullable Double dbl(JsonNode v, String field) {
    JsonNode n = v.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    try {
      return Double.valueOf(n.asText());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Integer integer(JsonNode v, String field) {
    Double d = dbl(v, field);
    return d == null ? null : (int) Math.min(Integer.MAX_VALUE, d.longValue());
  }

  private static final class Bundled {
    static final ModelPrices INSTANCE = load();

    private static ModelPrices load() {
      try (InputStream in = ModelPrices.class.getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new IllegalStateException(
              "bundled price table " + BUNDLED + " is missing from the class path");
        }
        return empty().with(in, BUNDLED);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
