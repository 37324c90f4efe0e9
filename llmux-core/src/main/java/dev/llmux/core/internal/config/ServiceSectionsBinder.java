package dev.llmux.core.internal.config;

import dev.llmux.core.config.DeploymentMode;
import dev.llmux.core.config.MetricsConfig;
import dev.llmux.core.config.TracingConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Node;
import java.util.List;

/**
 * Binds the service sections of the original LLMux's files that the router does not read itself but
 * the facade does: {@code deployment}, {@code metrics} and {@code tracing}.
 */
final class ServiceSectionsBinder {
  static final List<String> DEPLOYMENT_KEYS = List.of("mode");
  static final List<String> METRICS_KEYS = List.of("enabled", "path");
  static final List<String> TRACING_KEYS =
      List.of(
          "enabled",
          "endpoint",
          "protocol",
          "sample_ratio",
          "sample_rate",
          "service_name",
          "insecure");

  private final Reader r;
  private final ConfigDraft d;

  ServiceSectionsBinder(Reader r, ConfigDraft draft) {
    this.r = r;
    this.d = draft;
  }

  void deployment(Node node) {
    Section s = r.section(node, ConfigBinder.DEPLOYMENT, DEPLOYMENT_KEYS);
    String mode = s.string("mode");
    if (mode == null || mode.isBlank()) {
      return; // the original reads an empty mode as standalone
    }
    try {
      d.deploymentMode = DeploymentMode.fromKey(mode);
    } catch (IllegalArgumentException e) {
      throw r.error(s.line("mode"), s.what("mode") + ": " + e.getMessage());
    }
  }

  void metrics(Node node) {
    Section s = r.section(node, ConfigBinder.METRICS, METRICS_KEYS);
    MetricsConfig.Builder b = MetricsConfig.custom();
    Boolean enabled = s.bool("enabled");
    if (enabled != null) {
      b.enabled(enabled);
    }
    String path = s.string("path");
    if (path != null) {
      d.apply(s, "path", () -> b.path(path.trim()));
    }
    d.metrics = b.build();
  }

  void tracing(Node node) {
    Section s = r.section(node, ConfigBinder.TRACING, TRACING_KEYS);
    TracingConfig.Builder b = TracingConfig.custom();
    Boolean enabled = s.bool("enabled");
    if (enabled != null) {
      b.enabled(enabled);
    }
    String endpoint = s.string("endpoint");
    if (endpoint != null) {
      d.apply(s, "endpoint", () -> b.endpoint(endpoint));
    }
    String protocol = s.string("protocol");
    if (protocol != null) {
      d.apply(s, "protocol", () -> b.protocol(protocol.trim()));
    }
    if (s.has("sample_ratio") && s.has("sample_rate")) {
      throw r.error(
          Math.max(s.line("sample_ratio"), s.line("sample_rate")),
          "tracing.sample_ratio and tracing.sample_rate (the original LLMux's name) set the same"
              + " thing; keep one");
    }
    String ratioKey = s.has("sample_rate") ? "sample_rate" : "sample_ratio";
    Double ratio = s.number(ratioKey, 0, 1);
    if (ratio != null) {
      b.sampleRatio(ratio);
    }
    String service = s.string("service_name");
    if (service != null) {
      d.apply(s, "service_name", () -> b.serviceName(service));
    }
    Boolean insecure = s.bool("insecure");
    if (insecure != null) {
      b.insecure(insecure);
    }
    d.tracing = b.build();
  }
}
