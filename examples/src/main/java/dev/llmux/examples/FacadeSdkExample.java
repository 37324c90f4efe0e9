package dev.llmux.examples;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.facade.FacadeMetrics;
import dev.llmux.facade.FacadeServer;
import dev.llmux.facade.ServerConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A non-embedded caller: the official openai-java SDK talking to the LLMux facade over HTTP,
 * exactly as it would talk to OpenAI, with only the base URL and key changed. The facade is started
 * in process here so the example is self-contained; in production it is the sidecar jar ({@code
 * java -jar llmux-facade.jar --config llmux.yaml}). Runs on the mock provider with no API keys.
 *
 * <p>{@code ./mvnw -q -pl examples -am -DskipTests package exec:java
 * -Ddemo.main=dev.llmux.examples.FacadeSdkExample}
 */
public final class FacadeSdkExample {
  private FacadeSdkExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    LlmRouter router =
        LlmRouter.builder()
            .provider(
                new ProviderConfig(
                    "down", "mock", null, null, Map.of("failure_rate", 1.0, "failure_status", 503)))
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
            .deployment(Deployment.builder("gpt-4o", "down").model("mock-down").build())
            .deployment(Deployment.builder("gpt-4o-mini", "mock").model("mock-mini").build())
            .fallbacks("gpt-4o", List.of("gpt-4o-mini"))
            .retry(RetryConfig.custom().numRetries(0).build())
            .build();
    FacadeServer server =
        new FacadeServer(
                ServerConfig.builder().host("127.0.0.1").port(0).masterKey("sk-llmux-demo").build(),
                new FacadeMetrics())
            .router(router)
            .start();
    // The only change from calling OpenAI: the base URL (and the facade's key).
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUri().resolve("/v1").toString())
            .apiKey("sk-llmux-demo")
            .maxRetries(0) // the facade retries and falls back; the SDK need not
            .build();
    try {
      ChatCompletion c =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("gpt-4o")
                      .addUserMessage("Hello through the facade")
                      .build());
      out.println(
          "plain:     "
              + c.choices().get(0).message().content().orElse("")
              + "  (gpt-4o is down; served by "
              + c.model()
              + ")");
      out.print("streaming: ");
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("gpt-4o-mini")
                      .addUserMessage("Stream through the facade")
                      .build())) {
        stream.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .forEach(choice -> out.print(choice.delta().content().orElse("")));
      }
      out.println();
      try {
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("no-such-model")
                    .addUserMessage("?")
                    .build());
      } catch (NotFoundException e) {
        out.println("errors:    the SDK's own NotFoundException (" + e.statusCode() + ")");
      }
    } finally {
      client.close();
      server.stop();
      router.close();
    }
  }
}
