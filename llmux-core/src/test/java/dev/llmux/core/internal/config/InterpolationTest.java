package dev.llmux.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterpolationTest {

  static String interpolate(String text, Map<String, String> env) {
    return new Interpolator("router.yaml", env).apply(text);
  }

  static RouterConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, "router.yaml", Set.of(), env);
  }

  @Test
  void substitutesSetVariables() {
    assertThat(interpolate("a: ${A}\nb: x${A}y${B}\n", Map.of("A", "1", "B", "2")))
        .isEqualTo("a: 1\nb: x1y2\n");
  }

  @Test
  void defaultWhenUnsetOrEmpty() {
    assertThat(interpolate("a: ${A:-d}", Map.of())).isEqualTo("a: d");
    assertThat(interpolate("a: ${A:-d}", Map.of("A", ""))).isEqualTo("a: d");
    assertThat(interpolate("a: ${A:-d}", Map.of("A", "v"))).isEqualTo("a: v");
    assertThat(interpolate("a: ${A:-}", Map.of())).isEqualTo("a: ");
    assertThat(interpolate("u: ${URL:-http://localhost:8080/v1}", Map.of()))
        .isEqualTo("u: http://localhost:8080/v1");
    assertThat(interpolate("a: ${A}", Map.of("A", ""))).isEqualTo("a: ");
  }

  @Test
  void goStyleDefaultOfTheOriginalLlmux() {
    // ${NAME:default}, as the original LLMux's config files write it (config.distributed.yaml)
    assertThat(interpolate("h: ${DB_HOST:localhost}", Map.of())).isEqualTo("h: localhost");
    assertThat(interpolate("h: ${DB_HOST:localhost}", Map.of("DB_HOST", "")))
        .isEqualTo("h: localhost");
    assertThat(interpolate("h: ${DB_HOST:localhost}", Map.of("DB_HOST", "db"))).isEqualTo("h: db");
    assertThat(interpolate("a: ${REDIS_ADDR:localhost:6379}", Map.of()))
        .isEqualTo("a: localhost:6379");
    assertThat(interpolate("p: ${REDIS_PASSWORD:}", Map.of())).isEqualTo("p: ");
    assertThat(interpolate("p: ${REDIS_PASSWORD:}", Map.of("REDIS_PASSWORD", "s")))
        .isEqualTo("p: s");
    // the shell forms keep their meaning beside it
    assertThat(interpolate("a: ${A:-x}", Map.of())).isEqualTo("a: x");
    assertThat(interpolate("a: ${A:+x}", Map.of())).isEqualTo("a: ");
  }

  @Test
  void alternativeWhenSetAndNonEmpty() {
    assertThat(interpolate("e: ${K:+true}", Map.of("K", "sk"))).isEqualTo("e: true");
    assertThat(interpolate("e: ${K:+true}", Map.of("K", ""))).isEqualTo("e: ");
    assertThat(interpolate("e: ${K:+true}", Map.of())).isEqualTo("e: ");
  }

  @Test
  void dollarDollarEscapes() {
    assertThat(interpolate("t: \"$${NOT_A_VAR}\"", Map.of())).isEqualTo("t: \"${NOT_A_VAR}\"");
    assertThat(interpolate("t: $$5 and $x", Map.of())).isEqualTo("t: $$5 and $x");
    RouterConfig c =
        parse(
            """
        providers:
          - {name: m, type: mock, text: "price: $${AMOUNT}", models: [x]}
        """,
            Map.of());
    assertThat(c.provider("m").settings().get("text")).isEqualTo("price: ${AMOUNT}");
  }

  @Test
  void unsetWithoutDefaultNamesTheVariableAndLine() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        providers:
          - name: openai
            type: openai
            api_key: ${OPENAI_API_KEY}
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:4: environment variable 'OPENAI_API_KEY' is not set")
        .satisfies(
            e -> {
              ConfigException ce = (ConfigException) e;
              assertThat(ce.line()).isEqualTo(4);
              assertThat(ce.source()).isEqualTo("router.yaml");
            });
  }

  @Test
  void commentsAreNotInterpolated() {
    assertThat(
            interpolate(
                "# api_key: ${UNSET}\na: 1 # ${UNSET}\nb: \"x # ${A}\"\n", Map.of("A", "v")))
        .isEqualTo("# api_key: ${UNSET}\na: 1 # ${UNSET}\nb: \"x # v\"\n");
  }

  @Test
  void malformedReferencesAreErrors() {
    assertThatThrownBy(() -> interpolate("a: 1\nb: ${A", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:2: unterminated");
    assertThatThrownBy(() -> interpolate("a: ${A B}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:1: invalid environment reference '${A B}'");
    assertThatThrownBy(() -> interpolate("a: ${A:=x}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:1: invalid environment reference");
    assertThatThrownBy(() -> interpolate("a: ${A:?unset}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:1: invalid environment reference");
  }

  @Test
  void lineBreaksInValuesAreRejected() {
    assertThatThrownBy(() -> interpolate("a: 1\nb: ${A}", Map.of("A", "x\ny: 2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "router.yaml:2: the value of environment variable 'A' contains " + "a line break");
  }

  @Test
  void lineNumbersSurviveSubstitution() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        providers:
          - name: ${NAME}
            type: openai
            bogus: 1
        """,
                    Map.of("NAME", "a-much-longer-provider-name")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("router.yaml:4: unknown key 'bogus'");
  }

  @Test
  void litellmOsEnvironIsResolvedAfterParsing() {
    String yaml =
        """
        model_list:
          - model_name: gpt-4o
            litellm_params:
              model: azure/dep
              api_key: os.environ/AZURE_API_KEY
              api_base: os.environ/AZURE_API_BASE
              api_version: os.environ/AZURE_API_VERSION
        """;
    RouterConfig c =
        parse(
            yaml,
            Map.of(
                "AZURE_API_KEY",
                "k",
                "AZURE_API_BASE",
                "https://b",
                "AZURE_API_VERSION",
                "2024-10-21"));
    assertThat(c.providers().get(0).apiKey()).isEqualTo("k");
    assertThat(c.providers().get(0).baseUrl()).isEqualTo("https://b");
    assertThat(c.providers().get(0).settings()).containsEntry("api_version", "2024-10-21");

    assertThatThrownBy(() -> parse(yaml, Map.of("AZURE_API_KEY", "k")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "router.yaml:6: environment variable 'AZURE_API_BASE' "
                + "(os.environ/AZURE_API_BASE) for model_list[0].litellm_params.api_base is not set");
  }
}
