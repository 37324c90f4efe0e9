package dev.llmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartDemoTest {
  @Test
  void runsOnTheMockProviderWithNoApiKey() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    QuickstartDemo.run(new PrintStream(buf, true, StandardCharsets.UTF_8), null);
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("== plain call to model group 'chat'");
    assertThat(out).contains("Call number 3");
    assertThat(out).contains("== streaming call");
    assertThat(out).containsPattern("served by \\S+, first token after \\d+ ms");
    assertThat(out).contains("Hello from the standby deployment.").contains("in group 'backup'");
  }
}
