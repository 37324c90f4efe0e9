package dev.llmux.core.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected declaration of llmux-api and llmux-core outside {@code internal}
 * packages has a javadoc comment: runs the javadoc tool with doclint's {@code missing} group over
 * both modules' sources and fails on any "no comment" warning. (The javadoc jar build itself fails
 * on every other doclint warning; {@code @param}/{@code @return} tags are not required yet, see
 * docs/decisions.md, "Javadoc".)
 */
class JavadocCoverageTest {

  @Test
  void everyPublicDeclarationHasAComment() throws Exception {
    Path out = Files.createDirectories(Path.of("target/javadoc-coverage"));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int rc =
        ToolProvider.getSystemDocumentationTool()
            .run(
                null,
                print,
                print,
                "-Xdoclint:missing",
                "-Xmaxwarns",
                "100000",
                "-quiet",
                "-d",
                out.toString(),
                "--source-path",
                "src/main/java" + java.io.File.pathSeparator + "../llmux-api/src/main/java",
                "-classpath",
                System.getProperty("java.class.path"),
                "-subpackages",
                "dev.llmux.api:dev.llmux.core",
                "-exclude",
                "dev.llmux.core.internal:dev.llmux.api.internal");
    String text = buf.toString(StandardCharsets.UTF_8);
    List<String> missing =
        Arrays.stream(text.split("\n"))
            .filter(l -> l.contains("warning: no comment") && !l.contains("/internal/"))
            .toList();
    assertThat(missing).as("public declarations without a javadoc comment").isEmpty();
    assertThat(rc).as(text).isZero();
  }
}
