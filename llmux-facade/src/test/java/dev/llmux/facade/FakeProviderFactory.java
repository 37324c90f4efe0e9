package dev.llmux.facade;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;

/** Makes {@link FakeProvider}s for {@code type: fake} in configuration files (tests only). */
public final class FakeProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "fake";
  }

  @Override
  public Provider create(ProviderConfig config) {
    return new FakeProvider(config.name());
  }
}
