package dev.llmux.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySpendStoreTest extends SpendStoreContract {
  @Override
  protected SpendStore create(FakeTime time) {
    return SpendStore.inMemory();
  }

  @Test
  void endedPeriodsHoldingNothingAreForgotten() {
    InMemorySpendStore s = (InMemorySpendStore) store;
    Instant start = time.instant();
    for (int i = 0; i < 2048; i++) {
      Instant p = start.plus(Duration.ofMinutes(i));
      BudgetKey k = new BudgetKey("m", 10, p, p.plus(Duration.ofMinutes(1)));
      ReserveResult r = s.reserve(List.of(k), 1, time.instant());
      s.settle(r.reservation(), 1, time.instant());
      time.advance(Duration.ofMinutes(1));
    }
    assertThat(s.accountCount()).isLessThan(1100);
  }

  @Test
  void nanoUsdConversions() {
    assertThat(NanoUsd.of(new java.math.BigDecimal("1.5"))).isEqualTo(1_500_000_000L);
    assertThat(NanoUsd.of(2.5e-6)).isEqualTo(2_500L);
    assertThat(NanoUsd.ceil(1.0000000001e-9)).isEqualTo(2L);
    assertThat(NanoUsd.toUsd(1_500_000_000L)).isEqualByComparingTo("1.5");
  }
}
