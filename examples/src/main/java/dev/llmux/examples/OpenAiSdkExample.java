package dev.llmux.examples;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.openai.LlmuxOpenAi;
import java.io.PrintStream;
import java.util.Map;

/**
 * Code written against the official openai-java SDK, routed by LLMux: the only change is how the
 * {@code OpenAIClient} is built. Runs on the mock provider with no API keys.
 *
 * <p>{@code ./mvnw -q -pl examples -am -DskipTests package exec:java
 * -Ddemo.main=dev.llmux.examples.OpenAiSdkExample}
 */
public final class OpenAiSdkExample {
  private OpenAiSdkExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    try (LlmRouter router =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
            .deployment(Deployment.builder("gpt-4o", "mock").model("mock-gpt").build())
            .build()) {

      // Before: OpenAIClient client = OpenAIOkHttpClient.fromEnv();
      OpenAIClient client = LlmuxOpenAi.client(router);

      ChatCompletion c =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("gpt-4o")
                      .addUserMessage("Hello from the SDK")
                      .putAdditionalHeader("x-llmux-user", "alice") // fills the RequestContext
                      .build());
      out.println("plain:     " + c.choices().get(0).message().content().orElse(""));

      out.print("streaming: ");
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("gpt-4o")
                      .addUserMessage("Stream me")
                      .build())) {
        stream.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .forEach(choice -> out.print(choice.delta().content().orElse("")));
      }
      out.println();
      client.close();

      // An existing client keeps its settings (base URL, key, headers); only routed calls change.
      OpenAIClient existing = OpenAIOkHttpClient.builder().apiKey("sk-unused-here").build();
      OpenAIClient wrapped = LlmuxOpenAi.wrap(existing, router);
      out.println(
          "wrapped:   "
              + wrapped
                  .chat()
                  .completions()
                  .create(
                      ChatCompletionCreateParams.builder()
                          .model("gpt-4o")
                          .addUserMessage("Same code, routed")
                          .build())
                  .choices()
                  .get(0)
                  .message()
                  .content()
                  .orElse(""));
      wrapped.close();
      existing.close();
    }
  }
}
