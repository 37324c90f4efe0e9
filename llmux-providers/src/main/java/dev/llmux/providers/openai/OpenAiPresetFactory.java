package dev.llmux.providers.openai;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import java.util.List;

/**
 * Creates providers of one named OpenAI-compatible vendor ({@code groq}, {@code deepseek}, {@code
 * ollama}...): the OpenAI wire with the vendor's default base URL ({@code base_url} overrides it),
 * {@code Authorization: Bearer <api_key>}, and the vendor's refused parameters, which are refused
 * here with a 400 naming the parameter, or dropped when the {@code drop_params} setting is true.
 * Settings: {@code headers} (extra HTTP headers), {@code stream_usage} (ask for a usage chunk on
 * streams; the default depends on the vendor), {@code drop_params} (boolean, default false). The
 * table of vendors is in {@code docs/providers.md}.
 *
 * <p>{@link java.util.ServiceLoader} instantiates one class per type, so each vendor has a nested
 * subclass here, registered in {@code META-INF/services/dev.llmux.api.spi.ProviderFactory}.
 */
public abstract class OpenAiPresetFactory implements ProviderFactory {
  private final OpenAiPreset preset;

  OpenAiPresetFactory(String type) {
    this.preset = OpenAiPresets.get(type);
  }

  @Override
  public final String type() {
    return preset.type();
  }

  @Override
  public final Provider create(ProviderConfig config) {
    return OpenAiProvider.preset(config, preset);
  }

  @Override
  public final List<String> litellmPrefixes() {
    return preset.litellmPrefixes();
  }

  @Override
  public final List<ProviderSetting> settings() {
    return OpenAiProvider.PRESET_SETTING_SPECS;
  }

  /** The vendor's default base URL, or {@code null} when {@code base_url} is required. */
  public final String defaultBaseUrl() {
    return preset.defaultBaseUrl();
  }

  /** Type {@code groq}. */
  public static final class Groq extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Groq() {
      super("groq");
    }
  }

  /** Type {@code deepseek}. */
  public static final class Deepseek extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Deepseek() {
      super("deepseek");
    }
  }

  /** Type {@code together_ai}. */
  public static final class TogetherAi extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public TogetherAi() {
      super("together_ai");
    }
  }

  /** Type {@code fireworks_ai}. */
  public static final class FireworksAi extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public FireworksAi() {
      super("fireworks_ai");
    }
  }

  /** Type {@code mistral}. */
  public static final class Mistral extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Mistral() {
      super("mistral");
    }
  }

  /** Type {@code openrouter}. */
  public static final class Openrouter extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Openrouter() {
      super("openrouter");
    }
  }

  /** Type {@code xai}. */
  public static final class Xai extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Xai() {
      super("xai");
    }
  }

  /** Type {@code perplexity}. */
  public static final class Perplexity extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Perplexity() {
      super("perplexity");
    }
  }

  /** Type {@code deepinfra}. */
  public static final class Deepinfra extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Deepinfra() {
      super("deepinfra");
    }
  }

  /** Type {@code cerebras}. */
  public static final class Cerebras extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Cerebras() {
      super("cerebras");
    }
  }

  /** Type {@code siliconflow}. */
  public static final class Siliconflow extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Siliconflow() {
      super("siliconflow");
    }
  }

  /** Type {@code sambanova}. */
  public static final class Sambanova extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Sambanova() {
      super("sambanova");
    }
  }

  /** Type {@code hyperbolic}. */
  public static final class Hyperbolic extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Hyperbolic() {
      super("hyperbolic");
    }
  }

  /** Type {@code novita}. */
  public static final class Novita extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Novita() {
      super("novita");
    }
  }

  /** Type {@code nvidia_nim}. */
  public static final class NvidiaNim extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public NvidiaNim() {
      super("nvidia_nim");
    }
  }

  /** Type {@code moonshot}. */
  public static final class Moonshot extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Moonshot() {
      super("moonshot");
    }
  }

  /** Type {@code dashscope}. */
  public static final class Dashscope extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Dashscope() {
      super("dashscope");
    }
  }

  /** Type {@code volcengine}. */
  public static final class Volcengine extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Volcengine() {
      super("volcengine");
    }
  }

  /** Type {@code lm_studio}. */
  public static final class LmStudio extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public LmStudio() {
      super("lm_studio");
    }
  }

  /** Type {@code ollama}. */
  public static final class Ollama extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Ollama() {
      super("ollama");
    }
  }

  /** Type {@code vllm}. */
  public static final class Vllm extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Vllm() {
      super("vllm");
    }
  }

  /** Type {@code huggingface}. */
  public static final class Huggingface extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Huggingface() {
      super("huggingface");
    }
  }

  /** Type {@code github}. */
  public static final class Github extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Github() {
      super("github");
    }
  }

  /** Type {@code cohere}. */
  public static final class Cohere extends OpenAiPresetFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Cohere() {
      super("cohere");
    }
  }
}
