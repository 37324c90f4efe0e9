package dev.llmux.examples;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.langchain4j.LlmuxChatModel;
import dev.llmux.langchain4j.LlmuxStreamingChatModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * LangChain4j models served by LLMux: a chat model, a tool call, and a streaming model. Runs on the
 * mock provider with no API keys; the 'chat' group falls back to 'backup' when its deployment
 * fails.
 *
 * <p>{@code ./mvnw -q -pl examples -am -DskipTests package exec:java
 * -Ddemo.main=dev.llmux.examples.LangChain4jExample}
 */
public final class LangChain4jExample {
  private LangChain4jExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    try (LlmRouter router =
        LlmRouter.builder()
            .provider(
                new ProviderConfig(
                    "down", "mock", null, null, Map.of("failure_rate", 1.0, "failure_status", 503)))
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
            .deployment(Deployment.builder("chat", "down").model("mock-down").build())
            .deployment(Deployment.builder("backup", "mock").model("mock-echo").build())
            .fallbacks("chat", List.of("backup"))
            .build()) {

      // Before: ChatModel model =
      // OpenAiChatModel.builder().apiKey(...).modelName("gpt-4o").build();
      ChatModel model = LlmuxChatModel.of(router, "chat");
      out.println("chat:      " + model.chat("Hello from LangChain4j"));

      ChatResponse withTool =
          model.chat(
              ChatRequest.builder()
                  .messages(UserMessage.from("What's the weather in Paris?"))
                  .toolSpecifications(
                      ToolSpecification.builder()
                          .name("get_weather")
                          .description("Current weather")
                          .parameters(
                              JsonObjectSchema.builder()
                                  .addStringProperty("city")
                                  .required("city")
                                  .build())
                          .build())
                  .toolChoice(ToolChoice.REQUIRED)
                  .build());
      out.println(
          "tool call: "
              + withTool.aiMessage().toolExecutionRequests().get(0).name()
              + " (finish reason "
              + withTool.finishReason()
              + ")");

      StreamingChatModel streaming = LlmuxStreamingChatModel.of(router, "chat");
      CompletableFuture<ChatResponse> done = new CompletableFuture<>();
      out.print("streaming: ");
      streaming.chat(
          "Stream me",
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              out.print(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
      ChatResponse r = done.join();
      out.println();
      out.println("tokens:    " + r.tokenUsage().totalTokenCount());
    }
  }
}
