package dev.llmux.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.embedding.EmbeddingRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  @Test
  void choosesTheEncodingByModel() {
    assertThat(TokenCounter.kindFor("gpt-4o")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("gpt-4o-mini-2024-07-18")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("gpt-4.1-nano")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("o3-mini")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("o4-mini")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("gpt-5-mini")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("openai/gpt-4o")).isEqualTo(TokenCounter.Kind.O200K);
    assertThat(TokenCounter.kindFor("gpt-4")).isEqualTo(TokenCounter.Kind.CL100K);
    assertThat(TokenCounter.kindFor("gpt-4-turbo")).isEqualTo(TokenCounter.Kind.CL100K);
    assertThat(TokenCounter.kindFor("gpt-3.5-turbo")).isEqualTo(TokenCounter.Kind.CL100K);
    assertThat(TokenCounter.kindFor("text-embedding-3-small")).isEqualTo(TokenCounter.Kind.CL100K);
    assertThat(TokenCounter.kindFor("claude-sonnet-4-5")).isEqualTo(TokenCounter.Kind.ESTIMATE);
    assertThat(TokenCounter.kindFor("gemini-2.5-flash")).isEqualTo(TokenCounter.Kind.ESTIMATE);
    assertThat(TokenCounter.kindFor(null)).isEqualTo(TokenCounter.Kind.ESTIMATE);
  }

  @Test
  void countsExactlyWithTheOpenAiEncodings() {
    assertThat(TokenCounter.text(TokenCounter.Kind.O200K, "hello world")).isEqualTo(2);
    assertThat(TokenCounter.text(TokenCounter.Kind.CL100K, "hello world")).isEqualTo(2);
    // special tokens in user text are ordinary text, never an error
    assertThat(TokenCounter.text(TokenCounter.Kind.O200K, "<|endoftext|>")).isGreaterThan(1);
    assertThat(TokenCounter.text(TokenCounter.Kind.ESTIMATE, "hello world")).isEqualTo(3);
  }

  @Test
  void chatPromptsAddOpenAiFraming() {
    ChatCompletionRequest r =
        ChatCompletionRequest.of(
            "gpt-4o", ChatMessage.system("You are terse."), ChatMessage.user("hello world"));
    int content =
        TokenCounter.text(TokenCounter.Kind.O200K, "You are terse.")
            + TokenCounter.text(TokenCounter.Kind.O200K, "hello world");
    int roles =
        TokenCounter.text(TokenCounter.Kind.O200K, "system")
            + TokenCounter.text(TokenCounter.Kind.O200K, "user");
    assertThat(TokenCounter.prompt(TokenCounter.Kind.O200K, r))
        .isEqualTo(3 + 2 * 3 + roles + content);
  }

  @Test
  void promptTokensCountOncePerEncoding() {
    PromptTokens t = new PromptTokens(null, EmbeddingRequest.of("e", List.of("hello world", "hi")));
    assertThat(t.forModel("text-embedding-3-small")).isEqualTo(3);
    assertThat(t.forModel("text-embedding-3-large")).isEqualTo(3);
    assertThat(PromptTokens.NONE.forModel("gpt-4o")).isZero();
  }
}
