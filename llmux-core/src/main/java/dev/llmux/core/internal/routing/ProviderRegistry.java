package dev.llmux.core.internal.routing;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Finds {@link ProviderFactory}s by type through {@link ServiceLoader}, once per class loader. */
public final class ProviderRegistry {
  private static volatile @Nullable Map<String, ProviderFactory> factories;

  private ProviderRegistry() {}

  public static Provider create(ProviderConfig config) {
    ProviderFactory factory = factories().get(config.type());
    if (factory == null) {
      throw new IllegalArgumentException(
          "provider '"
              + config.name()
              + "': unknown type '"
              + config.type()
              + "'; available types: "
              + factories().keySet()
              + " (provider types come from llmux-providers on the class path)");
    }
    return factory.create(config);
  }

  static Map<String, ProviderFactory> factories() {
    Map<String, ProviderFactory> f = factories;
    if (f == null) {
      synchronized (ProviderRegistry.class) {
        f = factories;
        if (f == null) {
          Map<String, ProviderFactory> found = new TreeMap<>();
          for (ProviderFactory pf :
              ServiceLoader.load(ProviderFactory.class, ProviderRegistry.class.getClassLoader())) {
            found.putIfAbsent(pf.type(), pf);
          }
          f = Map.copyOf(found);
          factories = f;
        }
      }
    }
    return f;
  }
}
