package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The binder reads a type's settings as its {@code ProviderFactory} describes them (type {@code
 * all-kinds} of {@link DescribedFactories}), in both shapes.
 */
class ProviderSettingsBindingTest {

  private static RouterConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "p.yaml", Set.of(), Map.of());
  }

  private static void errorAt(String yaml, int line, String messageStart) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("p.yaml:" + line + ": " + messageStart);
  }

  @Test
  void llmuxShapeReadsEveryKindTyped() {
    RouterConfig c =
        parse(
            """
            providers:
              - name: k
                type: all-kinds
                s: text
                l: [a, b]
                b: true
                i: 7
                n: 0.5
                d: 250ms
                m: {X-A: "1"}
                settings: {models: [m1], extra: 3}
                models: [x]
            """);
    assertThat(c.provider("k").settings())
        .isEqualTo(
            Map.of(
                "s",
                "text",
                "l",
                List.of("a", "b"),
                "b",
                true,
                "i",
                7L,
                "n",
                0.5,
                "d",
                Duration.ofMillis(250),
                "m",
                Map.of("X-A", "1"),
                "models",
                List.of("m1"),
                "extra",
                3));
    assertThat(c.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.model()).isEqualTo("x"));
  }

  @Test
  void llmuxShapeChecksKindsAndDuplicates() {
    errorAt("providers:\n  - {name: k, type: all-kinds, i: seven}\n", 2, "expected");
    errorAt("providers:\n  - {name: k, type: all-kinds, d: soon}\n", 2, "");
    errorAt(
        "providers:\n  - name: k\n    type: all-kinds\n    s: a\n    settings: {s: b}\n",
        4,
        "providers[0].s is also given in providers[0].settings; keep one");
    errorAt(
        "providers:\n  - name: k\n    type: all-kinds\n    region: x\n",
        4,
        "unknown key 'region' in providers[0] (known: name, type, api_key, base_url, models,"
            + " enabled, settings, s, l, b, i, n, d, m)");
  }

  @Test
  void litellmShapeMapsPrefixAndLitellmKeys() {
    RouterConfig c =
        parse(
            """
            model_list:
              - model_name: g
                litellm_params:
                  model: all_kinds/some/model
                  lite_s: text
                  lite_l: one
                  lite_d: 2s
                  lite_m: {X-B: y}
                  drop_params: false
            """);
    ProviderConfig p = c.providers().get(0);
    assertThat(p.type()).isEqualTo("all-kinds");
    assertThat(p.settings())
        .isEqualTo(
            Map.of(
                "s",
                "text",
                "l",
                List.of("one"),
                "d",
                Duration.ofSeconds(2),
                "m",
                Map.of("X-B", "y"),
                "b",
                false));
    assertThat(c.deployments().get(0).model()).isEqualTo("some/model");
  }

  @Test
  void globalDropParamsIsTheDefaultOfTypesThatTakeIt() {
    RouterConfig c =
        parse(
            """
            model_list:
              - model_name: a
                litellm_params: {model: all_kinds/m}
              - model_name: b
                litellm_params: {model: all_kinds/m, drop_params: false}
              - model_name: c
                litellm_params: {model: anthropic/claude-haiku-4-5}
            litellm_settings:
              drop_params: true
            """);
    assertThat(c.provider("a#1").settings()).isEqualTo(Map.of("b", true));
    assertThat(c.provider("b#1").settings()).isEqualTo(Map.of("b", false));
    assertThat(c.provider("c#1").settings()).isEmpty();
  }

  @Test
  void litellmKeyOfAnotherTypeIsAnError() {
    errorAt(
        """
        model_list:
          - model_name: g
            litellm_params:
              model: anthropic/claude-haiku-4-5
              lite_s: x
        """,
        5,
        "model_list[0].litellm_params.lite_s is not supported by provider type 'anthropic'"
            + " (supported there: extra_headers)");
    errorAt(
        """
        model_list:
          - model_name: g
            litellm_params:
              model: openai/gpt-4o
              aws_bedrock_runtime_endpoint: https://x
        """,
        5,
        "model_list[0].litellm_params.aws_bedrock_runtime_endpoint applies to bedrock/ models only");
  }
}
