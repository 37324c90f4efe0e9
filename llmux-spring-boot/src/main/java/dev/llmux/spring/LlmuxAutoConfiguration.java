package dev.llmux.spring;

import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds an {@link LlmRouter} bean from the application's configuration and closes it when the
 * context shuts down.
 *
 * <p>The router configuration is the {@code llmux} subtree of the Spring environment (any
 * enumerable property source: {@code application.yml}, {@code .properties}, profiles, system
 * properties, test properties), rebuilt as a tree with its values as written and handed to {@link
 * ConfigLoader#parse}: the keys are exactly those of LLMux's YAML file, unknown keys fail startup
 * with the loader's message, and {@code ${NAME}}, {@code ${NAME:-default}}, {@code os.environ/NAME}
 * are LLMux's interpolation, resolved against the Spring environment (which includes the process
 * environment and system properties). Alternatively {@code llmux.config-file} names a YAML
 * resource. See {@link LlmuxProperties} for the Spring-only keys. Keys are not relaxed: write them
 * as in the YAML file ({@code failure_threshold}, not {@code failure-threshold}), and environment
 * variables such as {@code LLMUX_ROUTING_...} are not read as configuration keys. The loader fills
 * the same {@link RouterConfig} (routing, retry, fallback, cooldown, timeout and cache objects) as
 * a YAML file; {@link LlmRouterCustomizer}s run after it is applied and before the router is built,
 * so a strategy one registers can be named in {@code llmux.routing.strategy}.
 *
 * <p>When the application has a {@link MeterRegistry} bean, the router records its metrics there.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnProperty(name = LlmuxProperties.ENABLED, havingValue = "true", matchIfMissing = true)
public class LlmuxAutoConfiguration {
  static final Set<String> RESERVED = Set.of("enabled", "config-file", "langchain4j");

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LlmRouter llmRouter(
      ConfigurableEnvironment environment,
      ResourceLoader resources,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<LlmRouterCustomizer> customizers) {
    LlmRouter.Builder builder = LlmRouter.builder().config(routerConfig(environment, resources));
    meterRegistry.ifUnique(builder::meterRegistry);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  static RouterConfig routerConfig(ConfigurableEnvironment environment, ResourceLoader resources) {
    Map<String, String> env = springEnv(environment);
    Map<String, String> origins = new TreeMap<>();
    Map<String, Object> tree =
        SpringConfigTree.read(environment, LlmuxProperties.PREFIX, RESERVED, origins);
    String file = environment.getProperty(LlmuxProperties.CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      if (!tree.isEmpty()) {
        throw new ConfigException(
            file,
            0,
            "llmux.config-file cannot be combined with inline llmux."
                + tree.keySet().iterator().next()
                + " keys; use one or the other",
            null);
      }
      Resource r = resources.getResource(file);
      try (InputStream in = r.getInputStream()) {
        return ConfigLoader.parse(
            new String(in.readAllBytes(), StandardCharsets.UTF_8), file, Set.of(), env);
      } catch (IOException e) {
        throw new ConfigException(file, 0, "cannot read llmux.config-file: " + e, e);
      }
    }
    // Every value is a string as written, which the loader reads like a YAML scalar; one key per
    // line, so that an error's line names the llmux.* property (and where it was written).
    List<String> lines = new ArrayList<>();
    String yaml = SpringConfigTree.toYaml(tree, lines);
    try {
      return ConfigLoader.parse(yaml, SPRING_SOURCE, Set.of(), env);
    } catch (ConfigException e) {
      if (e.line() < 1 || e.line() > lines.size()) {
        throw e;
      }
      throw new ConfigException(
          property(lines.get(e.line() - 1), origins), 0, e.detail(), e.getCause());
    }
  }

  static final String SPRING_SOURCE = "Spring environment (llmux.*)";

  /** {@code llmux.routing.retry_cont (from class path resource [application.yml] - 7:5)}. */
  private static String property(String key, Map<String, String> origins) {
    String origin = origins.get(key);
    if (origin == null) { // a section: where its first key was written
      origin =
          origins.entrySet().stream()
              .filter(o -> o.getKey().startsWith(key + ".") || o.getKey().startsWith(key + "["))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    return "property '"
        + LlmuxProperties.PREFIX
        + "."
        + key
        + "'"
        + (origin == null ? "" : " (" + origin + ")");
  }

  /** The Spring environment as the loader's variable lookup. */
  private static Map<String, String> springEnv(Environment environment) {
    return new AbstractMap<>() {
      @Override
      public String get(Object key) {
        return key instanceof String k ? environment.getProperty(k) : null;
      }

      @Override
      public boolean containsKey(Object key) {
        return get(key) != null;
      }

      @Override
      public Set<Entry<String, String>> entrySet() {
        return Set.of();
      }
    };
  }
}
