package dev.llmux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it from your project" story, done as a new user does it (issue 22): a NEW Maven
 * project, generated under {@code target/new-projects/}, that imports {@code dev.llmux:llmux-bom}
 * and depends on one LLMux module, is built with the Maven wrapper and run; its router answers a
 * call from a mock OpenAI upstream on loopback.
 *
 * <p>Offline and without touching {@code ~/.m2}'s LLMux entries: the inner Maven uses a PRIVATE
 * local repository ({@code target/it-repo}) seeded by copying this reactor's poms and jars (so the
 * modules must have been packaged in this build: {@code ./mvnw verify}, or {@code -pl examples
 * -am}); every other artifact (Maven plugins, openai-java, Spring) is read from {@code
 * ~/.m2/repository} through a {@code file://} mirror of every repository, so nothing is downloaded.
 * A third-party artifact missing from {@code ~/.m2} (a machine that never built the project online)
 * skips the test with the artifact's name, rather than failing it; anything else fails. About 30 s
 * per project.
 */
class NewProjectTest {
  private static final String VERSION =
      System.getProperty("examples.llmuxVersion", "0.1.0-SNAPSHOT");
  private static final Path EXAMPLES = Path.of("").toAbsolutePath();
  private static final Path ROOT = EXAMPLES.getParent();
  private static final Path TARGET = EXAMPLES.resolve("target");
  private static final Path REPO = TARGET.resolve("it-repo");

  /** The modules a new project can reach, as [directory, packaging]. */
  private static final String[][] MODULES = {
    {"", "pom"},
    {"llmux-bom", "pom"},
    {"llmux-api", "jar"},
    {"llmux-core", "jar"},
    {"llmux-providers", "jar"},
    {"llmux-openai-java", "jar"},
    {"llmux-spring-boot", "jar"},
    {"llmux-spring-boot-starter", "jar"},
  };

  private HttpServer upstream;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void seedPrivateRepository() throws IOException {
    for (String[] m : MODULES) {
      Path dir = m[0].isEmpty() ? ROOT : ROOT.resolve(m[0]);
      String artifactId = m[0].isEmpty() ? "llmux-parent" : m[0];
      Path to = REPO.resolve("dev/llmux/" + artifactId + "/" + VERSION);
      Files.createDirectories(to);
      String base = artifactId + "-" + VERSION;
      Files.copy(
          dir.resolve("pom.xml"), to.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
      if (m[1].equals("jar")) {
        Path jar = dir.resolve("target/" + base + ".jar");
        assertThat(jar)
            .as("package the reactor first (./mvnw verify, or -pl examples -am)")
            .exists();
        Files.copy(jar, to.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Files.writeString(
        TARGET.resolve("it-settings.xml"),
        """
        <settings>
          <mirrors>
            <mirror>
              <id>local-m2</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """
            .formatted(m2.toUri()));
  }

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            requests.add(
                exchange.getRequestHeaders().getFirst("Authorization")
                    + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          byte[] body =
              """
              {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,
               "model":"gpt-4o-mini-2024-07-18",
               "choices":[{"index":0,"finish_reason":"stop",
                 "message":{"role":"assistant","content":"Hello from the mock upstream"}}],
               "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}
              """
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  private String upstreamUrl() {
    return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
  }

  @Test
  void openAiJavaProjectWithTheBomAndOneLlmuxDependency() throws Exception {
    Path project = newProject("openai-java");
    write(
        project.resolve("pom.xml"),
        pom(
            "new-openai-app",
            """
            <dependency>
              <groupId>dev.llmux</groupId>
              <artifactId>llmux-openai-java</artifactId>
            </dependency>
            <dependency>
              <groupId>com.openai</groupId>
              <artifactId>openai-java</artifactId>
              <version>4.101.0</version>
            </dependency>
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-simple</artifactId>
              <version>2.0.17</version>
            </dependency>
            """,
            "com.example.App",
            "<argument>llmux.yaml</argument>"));
    write(
        project.resolve("llmux.yaml"),
        """
        providers:
          - name: openai
            type: openai
            api_key: sk-new-project
            base_url: %s
            models: [gpt-4o-mini]
        """
            .formatted(upstreamUrl()));
    write(
        project.resolve("src/main/java/com/example/App.java"),
        """
        package com.example;

        import com.openai.client.OpenAIClient;
        import com.openai.models.chat.completions.ChatCompletion;
        import com.openai.models.chat.completions.ChatCompletionCreateParams;
        import dev.llmux.core.LlmRouter;
        import dev.llmux.openai.LlmuxOpenAi;
        import java.nio.file.Path;

        public class App {
          public static void main(String[] args) {
            try (LlmRouter router = LlmRouter.fromConfig(Path.of(args[0]))) {
              OpenAIClient client = LlmuxOpenAi.client(router);
              ChatCompletion answer =
                  client.chat().completions().create(
                      ChatCompletionCreateParams.builder()
                          .model("gpt-4o-mini")
                          .addUserMessage("Hello from a new project")
                          .build());
              System.out.println("ANSWER: " + answer.choices().get(0).message().content().orElse(""));
            }
          }
        }
        """);
    String out = build(project);
    assertThat(out).contains("ANSWER: Hello from the mock upstream").doesNotContain("SLF4J(W)");
    assertThat(requests)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("Bearer sk-new-project ")
                    .contains("\"model\":\"gpt-4o-mini\"")
                    .contains("Hello from a new project"));
  }

  @Test
  void springBootProjectWithOnlyTheStarter() throws Exception {
    Path project = newProject("spring-boot");
    write(
        project.resolve("pom.xml"),
        pom(
            "new-spring-app",
            """
            <dependency>
              <groupId>dev.llmux</groupId>
              <artifactId>llmux-spring-boot-starter</artifactId>
            </dependency>
            """,
            "com.example.App",
            ""));
    write(
        project.resolve("src/main/resources/application.yml"),
        """
        spring:
          main: {web-application-type: none, banner-mode: "off"}
        llmux:
          providers:
            - name: openai
              type: openai
              api_key: sk-spring
              base_url: %s
              models: [gpt-4o-mini]
        """
            .formatted(upstreamUrl()));
    write(
        project.resolve("src/main/java/com/example/App.java"),
        """
        package com.example;

        import dev.llmux.api.chat.ChatCompletionRequest;
        import dev.llmux.api.chat.ChatMessage;
        import dev.llmux.core.LlmRouter;
        import org.springframework.boot.SpringApplication;
        import org.springframework.boot.autoconfigure.SpringBootApplication;
        import org.springframework.context.ConfigurableApplicationContext;

        @SpringBootApplication
        public class App {
          public static void main(String[] args) {
            try (ConfigurableApplicationContext context = SpringApplication.run(App.class, args)) {
              LlmRouter router = context.getBean(LlmRouter.class);
              String text =
                  router
                      .chat(ChatCompletionRequest.of("gpt-4o-mini", ChatMessage.user("Hello, Spring")))
                      .response()
                      .text();
              System.out.println("ANSWER: " + text);
            }
          }
        }
        """);
    String out = build(project);
    assertThat(out).contains("ANSWER: Hello from the mock upstream").doesNotContain("SLF4J(W)");
    assertThat(requests)
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("Bearer sk-spring ").contains("Hello, Spring"));
  }

  private static Path newProject(String name) throws IOException {
    Path project = TARGET.resolve("new-projects/" + name);
    if (Files.exists(project.resolve("target"))) {
      try (var files = Files.walk(project.resolve("target"))) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    // An empty .mvn stops Maven's search for the project root here (not at this repository's).
    Files.createDirectories(project.resolve(".mvn"));
    return project;
  }

  /**
   * A pom as a user writes it: the BOM imported, the given dependencies, plugin versions pinned
   * (those this build already uses, so that they are in ~/.m2), and the app run in its own JVM at
   * {@code package} by exec-maven-plugin.
   */
  private static String pom(String artifactId, String dependencies, String main, String args) {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>dev.llmux</groupId>
                <artifactId>llmux-bom</artifactId>
                <version>%s</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
        %s
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.1</version>
              </plugin>
              <plugin>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.4</version>
              </plugin>
              <plugin>
                <artifactId>maven-jar-plugin</artifactId>
                <version>3.4.2</version>
              </plugin>
              <plugin>
                <groupId>org.codehaus.mojo</groupId>
                <artifactId>exec-maven-plugin</artifactId>
                <version>3.5.1</version>
                <executions>
                  <execution>
                    <id>run</id>
                    <phase>package</phase>
                    <goals><goal>exec</goal></goals>
                    <configuration>
                      <executable>${java.home}/bin/java</executable>
                      <arguments>
                        <argument>-classpath</argument>
                        <classpath/>
                        <argument>%s</argument>
                        %s
                      </arguments>
                    </configuration>
                  </execution>
                </executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(artifactId, VERSION, dependencies, main, args);
  }

  /** Runs {@code ./mvnw package} in {@code project}; returns its output, fails on a build error. */
  private static String build(Path project) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("mvnw").toString());
    cmd.addAll(
        List.of(
            "-B",
            "--no-transfer-progress",
            "-U", // no cached "not found" from an earlier run
            "-c", // ~/.m2 holds no checksums for some artifacts
            "-s",
            TARGET.resolve("it-settings.xml").toString(),
            "-Dmaven.repo.local=" + REPO,
            "package"));
    Process p =
        new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String out = new String(bytes, StandardCharsets.UTF_8);
    Files.writeString(project.resolve("build.log"), out);
    if (p.exitValue() != 0) {
      Matcher missing =
          Pattern.compile(
                  "(?<![\\w.-])(?!dev\\.llmux)([\\w.-]+:[\\w.-]+:\\w+:[\\w.-]+)"
                      + " (?:has not been downloaded|was not found in|in local-m2)")
              .matcher(out);
      assumeFalse(
          missing.find(),
          () ->
              "third-party artifact missing from ~/.m2: "
                  + missing.group(1)
                  + "; build online once");
    }
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
