package dev.llmux.core.internal.routing;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds {@link ProviderFactory}s by type through {@link ServiceLoader}, once per class loader. Two
 * factories that claim the same LiteLLM prefix ({@link ProviderFactory#litellmPrefixes()}) are a
 * class-path error reported when the factories are first loaded: a {@code <prefix>/<model>} would
 * otherwise mean whichever jar came first.
 */
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

  /** The factories on the class path, by type (sorted). */
  public static Map<String, ProviderFactory> factories() {
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
          checkPrefixes(found);
          f = Collections.unmodifiableMap(found);
          factories = f;
        }
      }
    }
    return f;
  }

  /** Fails when two factories claim the same LiteLLM prefix. */
  static void checkPrefixes(Map<String, ProviderFactory> byType) {
    Map<String, String> owner = new HashMap<>();
    for (ProviderFactory pf : byType.values()) {
      for (String prefix : pf.litellmPrefixes()) {
        String other = owner.putIfAbsent(prefix, pf.type());
        if (other != null) {
          throw new IllegalStateException(
              "LiteLLM prefix '"
                  + prefix
                  + "/' is claimed by provider types '"
                  + other
                  + "' ("
                  + Objects.requireNonNull(byType.get(other)).getClass().getName()
                  + ") and '"
                  + pf.type()
                  + "' ("
                  + pf.getClass().getName()
                  + "); remove one of the two jars from the class path");
        }
      }
    }
  }
}
