package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One WireMock server per test class, reset before each test. */
abstract class WireMockSupport {
  static WireMockServer wm;

  @BeforeAll
  static void startWireMock() {
    wm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(false));
    wm.start();
  }

  @AfterAll
  static void stopWireMock() {
    wm.stop();
  }

  @BeforeEach
  void resetWireMock() {
    wm.resetAll();
  }

  static Provider openAi(Map<String, Object> settings) {
    return new OpenAiProviderFactory()
        .create(
            new ProviderConfig("oai-test", "openai", "sk-test", wm.baseUrl() + "/v1", settings));
  }

  static Provider openAi() {
    return openAi(Map.of());
  }
}
