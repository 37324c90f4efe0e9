package dev.llmux.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangChain4jOverMockTest {
  LlmRouter router;

  @BeforeEach
  void setUp() {
    router =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
            .deployment(Deployment.builder("chat", "mock").model("mock-echo").build())
            .deployment(Deployment.builder("embed", "mock").model("mock-embed").build())
            .build();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  @Test
  void chatStreamEmbed() throws Exception {
    assertThat(LlmuxChatModel.of(router, "chat").chat("hello")).isEqualTo("Echo: hello");

    StringBuilder partial = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    LlmuxStreamingChatModel.of(router, "chat")
        .chat(
            "stream this please",
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String s) {
                partial.append(s);
              }

              @Override
              public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }
            });
    ChatResponse r = done.get(10, TimeUnit.SECONDS);
    assertThat(partial.toString()).isEqualTo("Echo: stream this please");
    assertThat(r.aiMessage().text()).isEqualTo("Echo: stream this please");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.tokenUsage().outputTokenCount()).isPositive();

    LlmuxEmbeddingModel embed = LlmuxEmbeddingModel.of(router, "embed");
    assertThat(embed.embed("x").content().vector()).hasSize(8);
    assertThat(embed.dimension()).isEqualTo(8);
  }

  @Test
  void listenersAndDefaultParameters() {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    LlmuxChatModel model =
        LlmuxChatModel.builder(router)
            .modelGroup("chat")
            .defaultRequestParameters(
                dev.langchain4j.model.chat.request.ChatRequestParameters.builder()
                    .temperature(0.1)
                    .build())
            .listeners(
                java.util.List.of(
                    new dev.langchain4j.model.chat.listener.ChatModelListener() {
                      @Override
                      public void onRequest(
                          dev.langchain4j.model.chat.listener.ChatModelRequestContext c) {
                        seen.add(
                            "request "
                                + c.chatRequest().modelName()
                                + " "
                                + c.chatRequest().temperature());
                      }

                      @Override
                      public void onResponse(
                          dev.langchain4j.model.chat.listener.ChatModelResponseContext c) {
                        seen.add("response " + c.chatResponse().aiMessage().text());
                      }
                    }))
            .build();
    assertThat(model.chat("hi")).isEqualTo("Echo: hi");
    assertThat(seen).containsExactly("request chat 0.1", "response Echo: hi");
  }

  @Test
  void mockToolCall() {
    ChatResponse r =
        LlmuxChatModel.of(router, "chat")
            .chat(
                ChatRequest.builder()
                    .messages(UserMessage.from("call it"))
                    .toolSpecifications(
                        ToolSpecification.builder()
                            .name("lookup")
                            .parameters(JsonObjectSchema.builder().addStringProperty("q").build())
                            .build())
                    .toolChoice(ToolChoice.REQUIRED)
                    .build());
    assertThat(r.aiMessage().toolExecutionRequests())
        .singleElement()
        .satisfies(t -> assertThat(t.name()).isEqualTo("lookup"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
  }
}
