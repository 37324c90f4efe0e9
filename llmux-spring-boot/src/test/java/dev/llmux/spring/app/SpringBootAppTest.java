package dev.llmux.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.ChatModel;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A Spring Boot application whose application.yml holds the router configuration under llmux:. */
@SpringBootTest(classes = DemoApp.class)
class SpringBootAppTest {
  @Autowired LlmRouter router;
  @Autowired OpenAIClient openAi;
  @Autowired ChatModel chatModel;

  @Test
  void routedCallsThroughEveryBean() {
    RouteResult<?> r = router.chat(ChatCompletionRequest.of("smart", ChatMessage.user("hi")));
    assertThat(r.modelGroup()).isEqualTo("chat");
    assertThat(
            openAi
                .chat()
                .completions()
                .create(
                    ChatCompletionCreateParams.builder()
                        .model("backup")
                        .addUserMessage("hi")
                        .build())
                .choices()
                .get(0)
                .message()
                .content())
        .contains("The backup answers.");
    assertThat(chatModel.chat("hello")).isEqualTo("Echo: hello");
  }
}
