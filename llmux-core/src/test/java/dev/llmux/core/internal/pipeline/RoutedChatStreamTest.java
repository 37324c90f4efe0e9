package dev.llmux.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.core.FakeTime;
import dev.llmux.core.RouteResult;
import dev.llmux.core.internal.TokenCounter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoutedChatStreamTest {
  private final FakeTime time = new FakeTime();

  @Test
  void closingFromAnotherThreadEndsABlockedConsumerOnceAndQuietly() throws Exception {
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger ends =
        new java.util.concurrent.atomic.AtomicInteger();
    dev.llmux.api.spi.ChunkStream upstream =
        new dev.llmux.api.spi.ChunkStream() {
          private final java.util.concurrent.CountDownLatch closed =
              new java.util.concurrent.CountDownLatch(1);
          private boolean first = true;

          @Override
          public boolean hasNext() {
            if (first) {
              return true;
            }
            blocked.countDown();
            try {
              closed.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new ConnectionException("socket closed", null);
          }

          @Override
          public ChatCompletionChunk next() {
            first = false;
            return ChatCompletionChunk.of(
                "c",
                1,
                "m",
                List.of(
                    dev.llmux.api.chat.ChunkChoice.of(
                        0, dev.llmux.api.chat.ChatDelta.content("x"), null)));
          }

          @Override
          public void close() {
            closed.countDown();
          }
        };
    RoutedChatStream s =
        new RoutedChatStream(
            upstream,
            upstream.next(),
            false,
            1,
            TokenCounter.Kind.ESTIMATE,
            time,
            0,
            Duration.ZERO,
            (u, l, t) ->
                new RouteResult<>(null, "r", "m", "m", "d", "p", List.of(), l, t, u, null, false),
            new StreamObserver<ChatCompletionChunk>() {
              @Override
              public void onEnd(RouteResult<Void> result, Throwable error, boolean cancelled) {
                ends.incrementAndGet();
                assertThat(cancelled).isTrue();
              }
            });
    assertThat(s.next().choices()).hasSize(1);
    CompletableFuture<Boolean> consumer = CompletableFuture.supplyAsync(s::hasNext);
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    s.close();
    assertThat(consumer.get(10, TimeUnit.SECONDS)).isFalse();
    s.close();
    assertThat(ends.get()).isEqualTo(1);
  }
}
