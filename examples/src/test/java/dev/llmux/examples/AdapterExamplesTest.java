package dev.llmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each adapter example runs on the mock provider with no API keys. */
class AdapterExamplesTest {

  @Test
  void openAiSdkExample() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    OpenAiSdkExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("plain:     Echo: Hello from the SDK")
        .contains("streaming: Echo: Stream me")
        .contains("wrapped:   Echo: Same code, routed");
  }

  @Test
  void facadeSdkExample() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    FacadeSdkExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains(
            "plain:     Echo: Hello through the facade  (gpt-4o is down; served by mock-mini)")
        .contains("streaming: Echo: Stream through the facade")
        .contains("errors:    the SDK's own NotFoundException (404)");
  }

  @Test
  void langChain4jExample() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LangChain4jExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("chat:      Echo: Hello from LangChain4j")
        .contains("tool call: get_weather (finish reason TOOL_EXECUTION)")
        .contains("streaming: Echo: Stream me")
        .containsPattern("tokens:    \\d+");
  }

  @Test
  void springBootExample() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream before = SpringBootExample.out;
    SpringBootExample.out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    try {
      SpringBootExample.start().close();
    } finally {
      SpringBootExample.out = before;
    }
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .containsPattern("router:    served by mock-[ab]\\S* in group 'chat'")
        .contains("openai:    Echo: Hello, SDK")
        .contains("langchain: Echo: Hello, LangChain4j");
  }
}
