package dev.llmux.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SpendStore}: every implementation extends this and passes it unchanged
 * (llmux-core's test jar ships it). Keys are unique per test instance.
 */
public abstract class SpendStoreContract {
  protected FakeTime time;
  protected SpendStore store;
  private final String prefix = "t" + System.nanoTime() + ":";

  protected abstract SpendStore create(FakeTime time);

  @BeforeEach
  public void setUp() {
    time = new FakeTime();
    store = create(time);
  }

  @AfterEach
  public void tearDown() {
    store.close();
  }

  protected BudgetKey key(String k, long max) {
    return new BudgetKey(prefix + k, max, Instant.EPOCH, null);
  }

  private ReserveResult reserve(long amount, BudgetKey... keys) {
    return store.reserve(List.of(keys), amount, time.instant());
  }

  @Test
  public void reservesUpToTheMaxCountingReservations() {
    BudgetKey k = key("a", 100);
    assertThat(reserve(60, k).isGranted()).isTrue();
    assertThat(reserve(40, k).isGranted()).isTrue();
    ReserveResult d = reserve(1, k);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.deniedIndex()).isZero();
    assertThat(d.spent()).isZero();
    assertThat(d.reserved()).isEqualTo(100);
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(0, 100));
  }

  @Test
  public void zeroReservationPassesOnlyWhileNotExhausted() {
    BudgetKey k = key("z", 10);
    assertThat(reserve(0, k).isGranted()).isTrue();
    ReserveResult r = reserve(10, k);
    store.settle(r.reservation(), 10, time.instant());
    assertThat(reserve(0, k).isGranted()).isFalse();
  }

  @Test
  public void settleReplacesTheReservationWithTheActualCost() {
    BudgetKey k = key("s", 100);
    ReserveResult r = reserve(80, k);
    List<Long> after = store.settle(r.reservation(), 25, time.instant());
    assertThat(after).containsExactly(25L);
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(25, 0));
    assertThat(reserve(75, k).isGranted()).isTrue();
    // again, or release after settle: nothing changes
    assertThat(store.settle(r.reservation(), 25, time.instant())).isEmpty();
    store.release(r.reservation());
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(25, 75));
  }

  @Test
  public void settleRecordsAnActualCostAboveTheReservation() {
    BudgetKey k = key("over", 100);
    ReserveResult r = reserve(10, k);
    store.settle(r.reservation(), 150, time.instant());
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(150, 0));
    assertThat(reserve(0, k).isGranted()).isFalse();
  }

  @Test
  public void releaseDropsTheReservation() {
    BudgetKey k = key("r", 100);
    ReserveResult r = reserve(100, k);
    store.release(r.reservation());
    assertThat(store.balance(k, time.instant())).isEqualTo(Balance.ZERO);
    assertThat(reserve(100, k).isGranted()).isTrue();
    store.release(r.reservation());
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(0, 100));
  }

  @Test
  public void allOrNothingAcrossAccounts() {
    BudgetKey a = key("a", 100);
    BudgetKey b = key("b", 10);
    ReserveResult d = reserve(20, a, b);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.deniedIndex()).isEqualTo(1);
    assertThat(store.balance(a, time.instant())).isEqualTo(Balance.ZERO);
    ReserveResult ok = reserve(10, a, b);
    store.settle(ok.reservation(), 7, time.instant());
    assertThat(store.balance(a, time.instant())).isEqualTo(new Balance(7, 0));
    assertThat(store.balance(b, time.instant())).isEqualTo(new Balance(7, 0));
  }

  @Test
  public void theSameAccountTwiceInOneCallCountsTwice() {
    BudgetKey a = key("dup", 10);
    assertThat(reserve(6, a, a).isGranted()).isFalse();
    assertThat(reserve(5, a, a).isGranted()).isTrue();
  }

  @Test
  public void periodsAreSeparateAccounts() {
    Instant p1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant p2 = Instant.parse("2026-01-02T00:00:00Z");
    BudgetKey day1 = new BudgetKey(prefix + "d", 10, p1, p2);
    BudgetKey day2 = new BudgetKey(prefix + "d", 10, p2, p2.plus(Duration.ofDays(1)));
    ReserveResult r = reserve(10, day1);
    store.settle(r.reservation(), 10, time.instant());
    assertThat(reserve(1, day1).isGranted()).isFalse();
    time.advanceTo(p2);
    assertThat(reserve(10, day2).isGranted()).isTrue();
    assertThat(store.balance(day1, time.instant()).spent()).isIn(0L, 10L); // may be forgotten
  }

  @Test
  public void settleAfterThePeriodEndedChargesTheReservedPeriod() {
    Instant p1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant p2 = Instant.parse("2026-01-02T00:00:00Z");
    BudgetKey day1 = new BudgetKey(prefix + "late", 100, p1, p2);
    BudgetKey day2 = new BudgetKey(prefix + "late", 100, p2, p2.plus(Duration.ofDays(1)));
    ReserveResult r = reserve(50, day1);
    time.advanceTo(p2.plusSeconds(5));
    assertThat(store.settle(r.reservation(), 30, time.instant())).containsExactly(30L);
    assertThat(store.balance(day2, time.instant())).isEqualTo(Balance.ZERO);
  }

  @Test
  public void recordAddsSpendWithoutACheck() {
    BudgetKey k = key("rec", 10);
    assertThat(store.record(List.of(k), 25, time.instant())).containsExactly(25L);
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(25, 0));
  }

  @Test
  public void settledSpendCrossesAThresholdInExactlyOneSettle() throws Exception {
    BudgetKey k = key("cross", Long.MAX_VALUE);
    long threshold = 1_000;
    AtomicInteger crossings = new AtomicInteger();
    runConcurrently(
        16,
        40,
        () -> {
          ReserveResult r = reserve(7, k);
          List<Long> after = store.settle(r.reservation(), 7, time.instant());
          long a = after.get(0);
          if (a >= threshold && a - 7 < threshold) {
            crossings.incrementAndGet();
          }
        });
    assertThat(crossings.get()).isEqualTo(1);
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(16 * 40 * 7, 0));
  }

  @Test
  public void concurrentReservationsNeverCommitPastTheMax() throws Exception {
    BudgetKey k = key("hot", 1_000);
    BudgetKey other = key("hot-wide", 1_000_000);
    AtomicInteger granted = new AtomicInteger();
    runConcurrently(
        32,
        50,
        () -> {
          ReserveResult r = reserve(30, other, k);
          if (r.isGranted()) {
            granted.incrementAndGet();
            store.settle(r.reservation(), 30, time.instant());
          }
        });
    assertThat(granted.get()).isEqualTo(33); // floor(1000 / 30)
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(990, 0));
    assertThat(store.balance(other, time.instant())).isEqualTo(new Balance(990, 0));
  }

  // ---------------------------------------------------------------- durable floor

  @Test
  public void reserveRaisesSpentToTheFloorBeforeChecking() {
    BudgetKey k = key("floor", 100).withFloor(70);
    ReserveResult d = reserve(31, k);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.spent()).isEqualTo(70);
    assertThat(d.reserved()).isZero();
    // the raise is kept even though the reservation was denied: the account now holds it
    assertThat(store.balance(key("floor", 100), time.instant())).isEqualTo(new Balance(70, 0));
    ReserveResult ok = reserve(30, k);
    assertThat(ok.isGranted()).isTrue();
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(70, 30));
    assertThat(store.settle(ok.reservation(), 20, time.instant())).containsExactly(90L);
  }

  @Test
  public void aFloorAtOrAboveTheMaxRefusesEvenAZeroReservation() {
    BudgetKey k = key("floor-full", 100).withFloor(100);
    assertThat(reserve(0, k).isGranted()).isFalse();
    assertThat(reserve(0, key("floor-full", 100)).isGranted()).isFalse();
  }

  @Test
  public void theFloorNeverLowersNorAddsToSpend() {
    BudgetKey plain = key("own", 1_000);
    store.record(List.of(plain), 50, time.instant());
    BudgetKey lower = plain.withFloor(30);
    ReserveResult r = reserve(10, lower);
    assertThat(r.isGranted()).isTrue();
    assertThat(store.balance(lower, time.instant())).isEqualTo(new Balance(50, 10));
    assertThat(store.settle(r.reservation(), 10, time.instant())).containsExactly(60L);
    assertThat(store.balance(plain, time.instant())).isEqualTo(new Balance(60, 0));
    // a higher floor replaces what the store counted, it is not added to it
    assertThat(store.record(List.of(plain.withFloor(200)), 5, time.instant()))
        .containsExactly(205L);
  }

  @Test
  public void settleAndRecordRaiseToTheFloorFirst() {
    assertThat(store.record(List.of(key("rec-floor", 100).withFloor(20)), 5, time.instant()))
        .containsExactly(25L);
    ReserveResult r = reserve(5, key("settle-floor", 100));
    // the reservation's keys carry the floor seen at admission; settling raises to it first
    Reservation withFloor =
        new Reservation(
            r.reservation().id(),
            List.of(r.reservation().keys().get(0).withFloor(40)),
            r.reservation().amount());
    assertThat(store.settle(withFloor, 5, time.instant())).containsExactly(45L);
    assertThat(store.balance(key("settle-floor", 100), time.instant()))
        .isEqualTo(new Balance(45, 0));
  }

  @Test
  public void balanceReportsAtLeastTheFloor() {
    BudgetKey k = key("bal-floor", 100);
    assertThat(store.balance(k.withFloor(33), time.instant())).isEqualTo(new Balance(33, 0));
  }

  @Test
  public void floorsArePerPeriod() {
    Instant p1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant p2 = Instant.parse("2026-01-02T00:00:00Z");
    BudgetKey day1 = new BudgetKey(prefix + "fp", 100, p1, p2, 100);
    assertThat(reserve(0, day1).isGranted()).isFalse();
    time.advanceTo(p2);
    BudgetKey day2 = new BudgetKey(prefix + "fp", 100, p2, p2.plus(Duration.ofDays(1)), 10);
    assertThat(reserve(90, day2).isGranted()).isTrue();
    assertThat(store.balance(day2, time.instant())).isEqualTo(new Balance(10, 90));
  }

  @Test
  public void concurrentReservationsOverAFloorNeverCommitPastTheMax() throws Exception {
    BudgetKey k = key("hot-floor", 1_000).withFloor(400);
    AtomicInteger granted = new AtomicInteger();
    runConcurrently(
        16,
        20,
        () -> {
          ReserveResult r = reserve(30, k);
          if (r.isGranted()) {
            granted.incrementAndGet();
            store.settle(r.reservation(), 30, time.instant());
          }
        });
    assertThat(granted.get()).isEqualTo(20); // floor(600 / 30)
    assertThat(store.balance(k, time.instant())).isEqualTo(new Balance(1_000, 0));
  }

  private static void runConcurrently(int threads, int perThread, Runnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  body.run();
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }
}
