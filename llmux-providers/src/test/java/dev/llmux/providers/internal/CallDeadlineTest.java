package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
  /** A call that only records whether it was cancelled. */
  static final class Call implements UpstreamCall {
    private volatile boolean cancelled;

    @Override
    public UpstreamResponse execute() throws IOException {
      throw new IOException("not executed in these tests");
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    boolean isCanceled() {
      return cancelled;
    }
  }

  private static Call call() {
    return new Call();
  }

  @Test
  void closingDropsTheDeadlineAndLeavesTheCallAlone() {
    int before = CallDeadline.pending();
    Call call = call();
    CallDeadline d = CallDeadline.start(call, Duration.ofMinutes(10));
    assertThat(CallDeadline.pending()).isEqualTo(before + 1);
    d.close();
    assertThat(CallDeadline.pending()).isEqualTo(before);
    assertThat(call.isCanceled()).isFalse();
    IOException e = new IOException("Canceled");
    assertThat(d.timeoutOr(e)).isSameAs(e);
  }

  @Test
  void aZeroTimeoutSchedulesNothing() {
    int before = CallDeadline.pending();
    CallDeadline d = CallDeadline.start(call(), Duration.ZERO);
    assertThat(CallDeadline.pending()).isEqualTo(before);
    CallDeadline forever = CallDeadline.start(call(), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(CallDeadline.pending()).isEqualTo(before);
    forever.close();
    d.close();
    assertThat(d.expired()).isFalse();
  }

  @Test
  void expiryCancelsTheCallAndTurnsItsFailureIntoATimeout() {
    Call call = call();
    CallDeadline d = CallDeadline.start(call, Duration.ofMinutes(10));
    d.run(); // what the timer does when the deadline passes
    d.close();
    assertThat(d.expired()).isTrue();
    assertThat(call.isCanceled()).isTrue();
    IOException cancelled = new IOException("Canceled");
    IOException mapped = d.timeoutOr(cancelled);
    assertThat(mapped)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("timeout")
        .hasCause(cancelled);
    assertThat(ErrorMapper.fromIOException(mapped)).isInstanceOf(LlmTimeoutException.class);
    assertThat(ErrorMapper.fromIOException(cancelled)).isInstanceOf(ConnectionException.class);
  }

  @Test
  void aPassedDeadlineFiresOnItsOwn() throws Exception {
    Call call = call();
    CallDeadline d = CallDeadline.start(call, Duration.ofMillis(1));
    long end = System.nanoTime() + 10_000_000_000L;
    while (!call.isCanceled() && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    assertThat(call.isCanceled()).isTrue();
    assertThat(d.expired()).isTrue();
  }
}
