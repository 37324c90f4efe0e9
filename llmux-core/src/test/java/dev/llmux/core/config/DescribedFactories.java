package dev.llmux.core.config;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import java.util.List;

/**
 * Test doubles of the bundled provider types for core's configuration tests: llmux-core cannot see
 * llmux-providers, and the binder takes each type's settings and LiteLLM prefixes from the {@link
 * ProviderFactory} on the class path. Each describes the settings of the real type of the same name
 * (llmux-providers' {@code ProviderYamlTest} binds the real ones); {@link #create} is never called
 * by these tests. Registered from {@code src/test/described-providers} (see the pom), not from the
 * test jar's services, so that modules using the test jar get the real providers.
 */
public abstract class DescribedFactories implements ProviderFactory {
  private static final ProviderSetting HEADERS =
      ProviderSetting.of("headers", Kind.STRING_MAP, "extra_headers", "extra HTTP headers");
  private static final ProviderSetting STREAM_USAGE =
      ProviderSetting.of("stream_usage", Kind.BOOLEAN, "usage chunk on streams");
  private static final List<ProviderSetting> OPENAI =
      List.of(
          HEADERS,
          ProviderSetting.of("organization", Kind.STRING, "organization", "OpenAI-Organization"),
          ProviderSetting.of("project", Kind.STRING, "OpenAI-Project"),
          STREAM_USAGE);

  private final String type;
  private final List<String> prefixes;
  private final List<ProviderSetting> settings;

  DescribedFactories(String type, List<String> prefixes, List<ProviderSetting> settings) {
    this.type = type;
    this.prefixes = prefixes;
    this.settings = settings;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> litellmPrefixes() {
    return prefixes;
  }

  @Override
  public List<ProviderSetting> settings() {
    return settings;
  }

  @Override
  public Provider create(ProviderConfig config) {
    throw new UnsupportedOperationException("test double of type " + type + ": settings only");
  }

  /** {@code openai}. */
  public static final class OpenAi extends DescribedFactories {
    public OpenAi() {
      super("openai", List.of("openai"), OPENAI);
    }
  }

  /** {@code openai-compatible}. */
  public static final class OpenAiCompatible extends DescribedFactories {
    public OpenAiCompatible() {
      super("openai-compatible", List.of("openai_compatible", "custom_openai"), OPENAI);
    }
  }

  /** {@code azure}. */
  public static final class Azure extends DescribedFactories {
    public Azure() {
      super(
          "azure",
          List.of("azure"),
          List.of(
              HEADERS,
              ProviderSetting.of("api_version", Kind.STRING, "api_version", "api-version"),
              STREAM_USAGE));
    }
  }

  /** {@code anthropic}. */
  public static final class Anthropic extends DescribedFactories {
    public Anthropic() {
      super(
          "anthropic",
          List.of("anthropic"),
          List.of(
              HEADERS,
              ProviderSetting.of("anthropic_version", Kind.STRING, "anthropic-version"),
              ProviderSetting.of("anthropic_beta", Kind.STRING_LIST, "anthropic-beta")));
    }
  }

  /** {@code gemini}. */
  public static final class Gemini extends DescribedFactories {
    public Gemini() {
      super(
          "gemini",
          List.of("gemini"),
          List.of(
              HEADERS, ProviderSetting.of("api_version", Kind.STRING, "api_version", "version")));
    }
  }

  /** {@code mock}. */
  public static final class Mock extends DescribedFactories {
    public Mock() {
      super(
          "mock",
          List.of("mock"),
          List.of(
              ProviderSetting.of("mode", Kind.STRING, "echo or fixed"),
              ProviderSetting.of("text", Kind.STRING, "reply"),
              ProviderSetting.of("latency", Kind.DURATION, "wait"),
              ProviderSetting.of("failure_rate", Kind.NUMBER, "share of failures"),
              ProviderSetting.of("failure_status", Kind.INTEGER, "status"),
              ProviderSetting.of("seed", Kind.INTEGER, "seed"),
              ProviderSetting.of("stream_chunks", Kind.INTEGER, "chunks"),
              ProviderSetting.of("chunk_delay", Kind.DURATION, "delay"),
              ProviderSetting.of("models", Kind.STRING_LIST, "listed models")));
    }
  }

  /** {@code all-kinds}: one setting of every kind, for the binder's own tests. */
  public static final class AllKinds extends DescribedFactories {
    public AllKinds() {
      super(
          "all-kinds",
          List.of("all_kinds"),
          List.of(
              ProviderSetting.of("s", Kind.STRING, "lite_s", "string"),
              ProviderSetting.of("l", Kind.STRING_LIST, "lite_l", "list"),
              ProviderSetting.of("b", Kind.BOOLEAN, "drop_params", "flag"),
              ProviderSetting.of("i", Kind.INTEGER, "integer"),
              ProviderSetting.of("n", Kind.NUMBER, "number"),
              ProviderSetting.of("d", Kind.DURATION, "lite_d", "duration"),
              ProviderSetting.of("m", Kind.STRING_MAP, "lite_m", "map"),
              ProviderSetting.of("models", Kind.STRING_LIST, "named like a provider key")));
    }
  }
}
