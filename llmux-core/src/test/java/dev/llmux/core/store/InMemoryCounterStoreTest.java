package dev.llmux.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.FakeTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryCounterStoreTest extends CounterStoreContract {
  @Override
  protected CounterStore create(FakeTime time) {
    return CounterStore.inMemory();
  }

  @Test
  void expiredLogsAreForgotten() {
    InMemoryCounterStore s = (InMemoryCounterStore) store;
    for (int i = 0; i < 5000; i++) {
      Acquisition a =
          s.acquire(List.of(Limit.window(key("k" + i), 1, MINUTE)), List.of(1L), time.instant());
      s.settle(a.permit(), List.of(1L), time.instant());
      time.advance(Duration.ofMillis(100));
    }
    assertThat(s.logCount()).isLessThanOrEqualTo(5000 - 4096 + 600 + 1);
  }
}
