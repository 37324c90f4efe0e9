package dev.llmux.providers.openai;

import static dev.llmux.providers.openai.Fixtures.ROLE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.STOP_CHUNK;
import static dev.llmux.providers.openai.Fixtures.content;
import static dev.llmux.providers.openai.Fixtures.sse;
import static dev.llmux.providers.openai.ScriptedServer.pause;
import static dev.llmux.providers.openai.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stream timing and transport failures against a scripted upstream: the first-chunk timeout bounds
 * the wait for the first event only, afterwards each gap may last up to the call timeout; a body
 * cut short and a close from another thread.
 */
class OpenAiStreamTimeoutTest {
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.of("gpt-4o-mini", ChatMessage.user("hi"));

  private static Provider provider(ScriptedServer server) {
    return new OpenAiProviderFactory()
        .create(new ProviderConfig("scripted", "openai", "sk", server.baseUrl(), Map.of()));
  }

  private static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (stream) {
      while (stream.hasNext()) {
        chunks.add(stream.next());
      }
    }
    return chunks;
  }

  @Test
  void gapsAfterTheFirstEventMayExceedTheFirstChunkTimeout() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            List.of(
                write(sse(ROLE_CHUNK)),
                pause(800),
                write(sse(content("late"), STOP_CHUNK, "[DONE]"))))) {
      List<ChatCompletionChunk> chunks =
          drain(provider(server).streamChat(REQUEST, Fixtures.timeouts(3000, 300)));
      assertThat(chunks).hasSize(3);
      assertThat(chunks.get(1).choices().get(0).delta().content()).isEqualTo("late");
    }
  }

  @Test
  void aGapPastTheTimeoutFailsAfterEarlierChunksWereDelivered() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            List.of(write(sse(ROLE_CHUNK)), pause(3000), write(sse(STOP_CHUNK, "[DONE]"))))) {
      ChunkStream stream = provider(server).streamChat(REQUEST, Fixtures.timeouts(300, 3000));
      assertThat(stream.next().choices().get(0).delta().role()).isEqualTo("assistant");
      assertThatThrownBy(stream::hasNext).isInstanceOf(LlmTimeoutException.class);
      assertThat(stream.hasNext()).isFalse();
    }
  }

  @Test
  void headersInTimeButFirstEventLateIsATimeout() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            List.of(write(": keep-alive\n\n"), pause(3000), write(sse(ROLE_CHUNK, "[DONE]"))))) {
      ChunkStream stream = provider(server).streamChat(REQUEST, Fixtures.timeouts(5000, 300));
      assertThatThrownBy(stream::hasNext).isInstanceOf(LlmTimeoutException.class);
    }
  }

  @Test
  void aFirstChunkTimeoutLongerThanTheGapTimeoutIsHonoured() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            List.of(pause(600), write(sse(ROLE_CHUNK, content("x"), STOP_CHUNK, "[DONE]"))))) {
      assertThat(drain(provider(server).streamChat(REQUEST, Fixtures.timeouts(300, 3000))))
          .hasSize(3);
    }
  }

  @Test
  void aBodyCutShortIsAConnectionErrorAfterEarlierChunks() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer("Content-Length: 100000\r\n", List.of(write(sse(ROLE_CHUNK))))) {
      ChunkStream stream = provider(server).streamChat(REQUEST, Fixtures.timeouts(3000, 3000));
      assertThat(stream.next()).isNotNull();
      // The wording after this prefix is the transport's ("unexpected end of stream", "closed").
      assertThatThrownBy(stream::hasNext)
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("upstream connection failed");
    }
  }

  @Test
  void closeFromAnotherThreadEndsABlockedRead() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            List.of(write(sse(ROLE_CHUNK)), pause(10_000), write(sse(STOP_CHUNK, "[DONE]"))))) {
      ChunkStream stream = provider(server).streamChat(REQUEST, Fixtures.timeouts(20_000, 20_000));
      assertThat(stream.next()).isNotNull();
      CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(stream::hasNext);
      stream.close();
      // Whether close() came before or during the read, the reader ends quietly and promptly.
      assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(stream.hasNext()).isFalse();
    }
  }
}
