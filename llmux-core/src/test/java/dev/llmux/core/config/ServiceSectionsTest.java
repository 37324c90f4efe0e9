package dev.llmux.core.config;

import static dev.llmux.core.config.ValidationTest.errorAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The keys the original LLMux's files use beside the router's own: {@code deployment}, {@code
 * metrics}, {@code tracing}, {@code routing.distributed}, tag routing.
 */
class ServiceSectionsTest {

  static RouterConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "router.yaml", Set.of(), Map.of());
  }

  @Test
  void defaultsWithoutTheSections() {
    RouterConfig c = parse("providers: []\n");
    assertThat(c.deploymentMode()).isEqualTo(DeploymentMode.STANDALONE);
    assertThat(c.metrics()).isEqualTo(MetricsConfig.ofDefaults());
    assertThat(c.metrics().enabled()).isTrue();
    assertThat(c.metrics().path()).isEqualTo("/metrics");
    assertThat(c.tracing().enabled()).isFalse();
    assertThat(c.tracing().endpoint()).isEqualTo("localhost:4317");
    assertThat(c.tracing().protocol()).isEqualTo("grpc");
    assertThat(c.tracing().sampleRatio()).isEqualTo(1.0);
    assertThat(c.tracing().serviceName()).isEqualTo("llmux");
    assertThat(c.routing().distributed()).isNull();
    assertThat(c.routing().tagMatch()).isEqualTo(RoutingConfig.TagMatch.OFF);
  }

  @Test
  void theOriginalsSectionsAreRead() {
    RouterConfig c =
        parse(
            """
        deployment:
          mode: distributed  # standalone, distributed, development
        routing:
          strategy: simple-shuffle
          distributed: true
        metrics:
          enabled: false
          path: /prom
        tracing:
          enabled: true
          endpoint: http://collector:4318
          protocol: http/protobuf
          sample_ratio: 0.25
          service_name: gateway
          insecure: false
        """);
    assertThat(c.deploymentMode()).isEqualTo(DeploymentMode.DISTRIBUTED);
    assertThat(c.routing().distributed()).isTrue();
    assertThat(c.metrics().enabled()).isFalse();
    assertThat(c.metrics().path()).isEqualTo("/prom");
    TracingConfig t = c.tracing();
    assertThat(t.enabled()).isTrue();
    assertThat(t.endpoint()).isEqualTo("http://collector:4318");
    assertThat(t.protocol()).isEqualTo("http/protobuf");
    assertThat(t.sampleRatio()).isEqualTo(0.25);
    assertThat(t.serviceName()).isEqualTo("gateway");
    assertThat(t.insecure()).isFalse();
    // the original's own spelling of the ratio
    assertThat(parse("tracing: {sample_rate: 0.1}\n").tracing().sampleRatio()).isEqualTo(0.1);
    assertThat(parse("deployment: {mode: Development}\n").deploymentMode())
        .isEqualTo(DeploymentMode.DEVELOPMENT);
    assertThat(parse("deployment: {mode: ''}\n").deploymentMode())
        .isEqualTo(DeploymentMode.STANDALONE);
  }

  @Test
  void badValuesNameTheirLine() {
    errorAt(
        "providers: []\ndeployment:\n  mode: cluster\n",
        3,
        "deployment.mode: unknown deployment mode 'cluster' (known: standalone, distributed,"
            + " development)");
    errorAt(
        "deployment:\n  replicas: 3\n", 2, "unknown key 'replicas' in deployment (known: mode)");
    errorAt("metrics:\n  path: metrics\n", 2, "metrics.path: path must start with '/'");
    errorAt("metrics:\n  enabled: maybe\n", 2, "expected true or false for metrics.enabled");
    errorAt("tracing:\n  protocol: zipkin\n", 2, "tracing.protocol: protocol must be one of grpc");
    errorAt(
        "tracing:\n  endpoint: localhost\n",
        2,
        "tracing.endpoint: endpoint must be host:port or an http:// or https:// URL");
    errorAt(
        "tracing:\n  endpoint: ftp://collector:21\n",
        2,
        "tracing.endpoint: endpoint must be host:port");
    errorAt("tracing:\n  sample_ratio: 1.5\n", 2, "tracing.sample_ratio must be between 0 and 1");
    errorAt(
        "tracing:\n  sample_ratio: 0.5\n  sample_rate: 0.5\n",
        3,
        "tracing.sample_ratio and tracing.sample_rate");
    errorAt("tracing:\n  exporter: otlp\n", 2, "unknown key 'exporter' in tracing");
    errorAt("routing:\n  distributed: sometimes\n", 2, "expected true or false");
  }

  @Test
  void tagFilteringWithAnyStrategy() {
    assertThat(parse("routing: {tag_filtering: any}\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.ANY);
    RouterConfig all = parse("routing: {strategy: least-busy, tag_filtering: all}\n");
    assertThat(all.routing().tagMatch()).isEqualTo(RoutingConfig.TagMatch.ALL);
    assertThat(all.routing().strategy()).isEqualTo("least-busy");
    // YAML 1.1 reads an unquoted off as false
    assertThat(parse("routing:\n  tag_filtering: off\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.OFF);
    assertThat(parse("routing:\n  tag_filtering: true\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.ANY);
    errorAt(
        "routing:\n  tag_filtering: some\n",
        2,
        "unknown value 'some' for routing.tag_filtering (known: off, any, all)");
  }

  @Test
  void tagBasedIsTheDefaultStrategyWithTagFiltering() {
    RouterConfig c = parse("routing:\n  strategy: tag-based\n");
    assertThat(c.routing().strategy()).isEqualTo("simple-shuffle");
    assertThat(c.routing().tagMatch()).isEqualTo(RoutingConfig.TagMatch.ANY);
    assertThat(parse("routing: {strategy: tag-based, tag_filtering: all}\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.ALL);
    errorAt(
        "routing:\n  strategy: tag-based\n  tag_filtering: 'off'\n",
        3,
        "routing.strategy tag-based filters deployments by tags");
    errorAt(
        "routing:\n  strategy: tag-based\nrouter_settings:\n  enable_tag_filtering: true\n",
        4,
        "routing.strategy (line 2) and router_settings.enable_tag_filtering (line 4) set the same"
            + " thing");
  }

  @Test
  void liteLlmTagFiltering() {
    assertThat(parse("router_settings: {enable_tag_filtering: true}\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.ANY);
    assertThat(
            parse("router_settings: {enable_tag_filtering: true, tag_filtering_match_any: false}\n")
                .routing()
                .tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.ALL);
    assertThat(parse("router_settings: {enable_tag_filtering: false}\n").routing().tagMatch())
        .isEqualTo(RoutingConfig.TagMatch.OFF);
  }

  @Test
  void theEnglishReadmeFileOfTheOriginalLoads() {
    RouterConfig c =
        ConfigLoader.parse(
            """
        server:
          port: 8080
          read_timeout: 30s
          write_timeout: 120s

        providers:
          - name: openai
            type: openai
            api_key: ${OPENAI_API_KEY}
            base_url: https://api.openai.com/v1
            models:
              - gpt-4o
              - gpt-4o-mini

        routing:
          strategy: simple-shuffle  # or: lowest-latency, least-busy, lowest-tpm-rpm, lowest-cost, tag-based
          fallback_enabled: true
          retry_count: 3

        cache:
          enabled: true
          type: local  # local, redis, dual
          ttl: 1h

        metrics:
          enabled: true
          path: /metrics

        tracing:
          enabled: false
          endpoint: localhost:4317
        """,
            "README.md",
            Set.of("server"),
            Map.of("OPENAI_API_KEY", "sk-test"));
    assertThat(c.retry().numRetries()).isEqualTo(3);
    assertThat(c.tracing().endpoint()).isEqualTo("localhost:4317");
    assertThat(c.metrics().path()).isEqualTo("/metrics");
  }
}
