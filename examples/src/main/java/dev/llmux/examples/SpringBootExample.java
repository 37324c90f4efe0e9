package dev.llmux.examples;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.ChatModel;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import java.io.PrintStream;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application: {@code llmux-spring-boot} builds the router from the {@code llmux:}
 * section of {@code llmux-spring-example.yml} (the application.yml of this example) and exposes it,
 * an openai-java {@code OpenAIClient} and a LangChain4j {@code ChatModel} as beans. Runs on the
 * mock provider with no API keys.
 *
 * <p>{@code ./mvnw -q -pl examples -am -DskipTests package exec:java
 * -Ddemo.main=dev.llmux.examples.SpringBootExample}
 */
@SpringBootApplication
public class SpringBootExample {
  static PrintStream out = System.out;

  public static void main(String[] args) {
    start(args).close();
  }

  static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(SpringBootExample.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=llmux-spring-example", "spring.main.banner-mode=off")
        .run(args);
  }

  @Bean
  CommandLineRunner demo(LlmRouter router, OpenAIClient openAi, ChatModel chatModel) {
    return args -> {
      RouteResult<?> r =
          router.chat(ChatCompletionRequest.of("chat", ChatMessage.user("Hello, router")));
      out.println(
          "router:    served by " + r.deploymentId() + " in group '" + r.modelGroup() + "'");
      out.println(
          "openai:    "
              + openAi
                  .chat()
                  .completions()
                  .create(
                      ChatCompletionCreateParams.builder()
                          .model("chat")
                          .addUserMessage("Hello, SDK")
                          .build())
                  .choices()
                  .get(0)
                  .message()
                  .content()
                  .orElse(""));
      out.println("langchain: " + chatModel.chat("Hello, LangChain4j"));
    };
  }
}
