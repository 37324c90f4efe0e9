package dev.llmux.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A price and context-window table: LLMux's bundled one ({@code dev/llmux/core/model_prices.json},
 * with the date its prices were checked in its {@code _meta} entry), optionally overlaid with files
 * in LiteLLM's {@code model_prices_and_context_window.json} format. Immutable.
 *
 * <p>Lookup of an upstream model served by a provider of type {@code type}: {@code type/model},
 * then {@code model}, then the same with a trailing {@code -YYYYMMDD} or {@code -YYYY-MM-DD} date
 * removed, then the model after its last {@code /} (which also takes the model out of a Bedrock ARN
 * or a Vertex AI {@code publishers/.../models/...} path). Then cloud model ids are mapped to the
 * vendor's own: Bedrock's {@code us.anthropic.claude-3-5-sonnet-20241022-v2:0} (a geography prefix
 * of a cross-region inference profile, the vendor, a version suffix) is looked up as {@code
 * anthropic.claude-3-5-sonnet-20241022-v2:0}, then {@code claude-3-5-sonnet-20241022-v2}, then
 * {@code claude-3-5-sonnet-20241022}; Vertex AI's {@code claude-sonnet-4@20250514} as {@code
 * claude-sonnet-4-20250514} (and {@code claude-3-5-sonnet-v2@20241022} as {@code
 * claude-3-5-sonnet-20241022}). So a Claude or Gemini model on Bedrock or Vertex AI is priced at
 * its vendor's list price unless the table (or an overlay) has an entry of its own. Keys are
 * case-insensitive.
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
    if (p == null) {
      for (String candidate : cloudAliases(m)) {
        ModelPrice c = lookup(providerType, candidate);
        if (c != ModelPrice.UNKNOWN) {
          return c;
        }
      }
    }
    return p == null ? ModelPrice.UNKNOWN : p;
  }

  /**
   * Geography prefixes of Bedrock cross-region inference profile ids ({@code us.}, {@code eu.}).
   */
  private static final Set<String> BEDROCK_GEOGRAPHIES =
      Set.of("us", "eu", "apac", "us-gov", "global", "jp", "au", "ca");

  private static final Pattern BEDROCK_ID =
      Pattern.compile("([a-z0-9-]+)\\.([a-z0-9][a-z0-9._-]*?)(-v\\d+)?(:\\d+)?");

  private static final Pattern VERTEX_ID = Pattern.compile("(.+?)(-v\\d+)?@(\\d{8}|latest)");

  /**
   * The vendor's names of a Bedrock or Vertex AI model id, most specific first; empty for other
   * ids. Each is looked up with the whole lookup, so dates and prefixes are handled there.
   */
  private static List<String> cloudAliases(String m) {
    List<String> out = new ArrayList<>(3);
    Matcher v = VERTEX_ID.matcher(m);
    if (v.matches()) {
      if (v.group(3).equals("latest")) {
        out.add(v.group(1) + (v.group(2) == null ? "" : v.group(2)) + "-latest");
        out.add(v.group(1) + "-latest");
      } else {
        out.add(v.group(1) + (v.group(2) == null ? "" : v.group(2)) + "-" + v.group(3));
        if (v.group(2) != null) {
          out.add(v.group(1) + "-" + v.group(3));
        }
      }
      return out;
    }
    int dot = m.indexOf('.');
    if (dot > 0 && BEDROCK_GEOGRAPHIES.contains(m.substring(0, dot))) {
      out.add(m.substring(dot + 1)); // the foundation model id of an inference profile
      m = m.substring(dot + 1);
    }
    Matcher b = BEDROCK_ID.matcher(m);
    if (b.matches() && (b.group(3) != null || b.group(4) != null)) {
      String name = b.group(2);
      if (b.group(3) != null && b.group(4) != null) {
        out.add(name + b.group(3)); // amazon.titan-embed-text-v2:0 -> titan-embed-text-v2
      }
      out.add(name); // anthropic.claude-3-5-sonnet-20241022-v2:0 -> claude-3-5-sonnet-20241022
    }
    return out;
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
              dbl(v, "cache_creation_input_token_cost_above_200k_tokens"),
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
