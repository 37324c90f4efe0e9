package dev.llmux.core;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test factory of type {@code scripted}: the providers it creates are kept by name for assertions.
 */
public final class ScriptedProviderFactory implements ProviderFactory {
  static final Map<String, ScriptedProvider> CREATED = new ConcurrentHashMap<>();

  @Override
  public String type() {
    return "scripted";
  }

  @Override
  public Provider create(ProviderConfig config) {
    ScriptedProvider p = new ScriptedProvider(config);
    CREATED.put(config.name(), p);
    return p;
  }
}
