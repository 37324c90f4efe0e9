package dev.llmux.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmux.core.FakeTime;
import java.time.Duration;
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
 * The contract of {@link CounterStore}: every implementation extends this and passes it unchanged
 * (llmux-core's test jar ships it). Keys are unique per test instance so a shared server needs no
 * flushing.
 */
public abstract class CounterStoreContract {
  protected static final Duration MINUTE = Duration.ofMinutes(1);

  protected FakeTime time;
  protected CounterStore store;
  private final String prefix = "t" + System.nanoTime() + ":";

  /** A fresh store reading time from {@code time} where it takes time from the caller. */
  protected abstract CounterStore create(FakeTime time);

  /** {@code false} when the store uses its own clock: time-dependent tests are then skipped. */
  protected boolean honoursPassedTime() {
    return true;
  }

  @BeforeEach
  public void setUp() {
    time = new FakeTime();
    store = create(time);
  }

  @AfterEach
  public void tearDown() {
    store.close();
  }

  protected String key(String k) {
    return prefix + k;
  }

  private Acquisition acquire(Limit l, long amount) {
    return store.acquire(List.of(l), List.of(amount), time.instant());
  }

  @Test
  public void windowAcceptsUpToItsMaxAndCountsAmounts() {
    Limit l = Limit.window(key("a"), 10, MINUTE);
    assertThat(acquire(l, 4).isGranted()).isTrue();
    assertThat(acquire(l, 6).isGranted()).isTrue();
    Acquisition denied = acquire(l, 1);
    assertThat(denied.isGranted()).isFalse();
    assertThat(denied.deniedIndex()).isZero();
    assertThat(denied.used()).isEqualTo(10);
    assertThat(store.used(key("a"), MINUTE, time.instant())).isEqualTo(10);
  }

  @Test
  public void zeroAmountAlwaysFits() {
    Limit l = Limit.window(key("z"), 1, MINUTE);
    assertThat(acquire(l, 1).isGranted()).isTrue();
    assertThat(acquire(l, 0).isGranted()).isTrue();
  }

  @Test
  public void slidingWindowEntriesExpireExactlyOneWindowLaterAndRetryAfterIsExact() {
    assumeTrue(honoursPassedTime());
    Limit l = Limit.window(key("w"), 3, MINUTE);
    acquire(l, 1); // t=0
    time.advance(Duration.ofSeconds(10));
    acquire(l, 1); // t=10
    time.advance(Duration.ofSeconds(10));
    acquire(l, 1); // t=20
    time.advance(Duration.ofMillis(5_500));
    Acquisition d = acquire(l, 1);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(34_500)); // the t=0 entry leaves at t=60
    time.advance(d.retryAfter().minusNanos(1));
    assertThat(acquire(l, 1).isGranted()).isFalse();
    time.advance(Duration.ofNanos(1));
    assertThat(acquire(l, 1).isGranted()).isTrue();
    assertThat(store.used(key("w"), MINUTE, time.instant())).isEqualTo(3);
  }

  @Test
  public void retryAfterWaitsForEnoughToExpireForTheAmount() {
    assumeTrue(honoursPassedTime());
    Limit l = Limit.window(key("tok"), 100, MINUTE);
    acquire(l, 30); // t=0
    time.advance(Duration.ofSeconds(20));
    acquire(l, 50); // t=20
    time.advance(Duration.ofSeconds(1));
    Acquisition d = acquire(l, 60); // needs 40 more free: both entries must go, the second at t=80
    assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(59));
    Acquisition small = acquire(l, 40); // needs 20 more free: the first entry leaving is enough
    assertThat(small.retryAfter()).isEqualTo(Duration.ofSeconds(39));
  }

  @Test
  public void amountAboveTheMaxIsDeniedWithNoRetryAfter() {
    Limit l = Limit.window(key("big"), 100, MINUTE);
    Acquisition d = acquire(l, 101);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.retryAfter()).isNull();
  }

  @Test
  public void allOrNothingAcrossKeys() {
    Limit a = Limit.window(key("a"), 5, MINUTE);
    Limit b = Limit.window(key("b"), 1, MINUTE);
    Limit c = Limit.concurrent(key("c"), 5);
    assertThat(store.acquire(List.of(b), List.of(1L), time.instant()).isGranted()).isTrue();
    Acquisition d = store.acquire(List.of(a, c, b), List.of(1L, 1L, 1L), time.instant());
    assertThat(d.isGranted()).isFalse();
    assertThat(d.deniedIndex()).isEqualTo(2);
    assertThat(store.used(key("a"), MINUTE, time.instant())).isZero();
    assertThat(store.used(key("c"), null, time.instant())).isZero();
  }

  @Test
  public void theSameKeyTwiceInOneCallCountsTwice() {
    Limit a = Limit.window(key("dup"), 3, MINUTE);
    assertThat(store.acquire(List.of(a, a), List.of(2L, 2L), time.instant()).isGranted()).isFalse();
    assertThat(store.acquire(List.of(a, a), List.of(1L, 2L), time.instant()).isGranted()).isTrue();
    assertThat(store.used(key("dup"), MINUTE, time.instant())).isEqualTo(3);
  }

  @Test
  public void windowsOfDifferentLengthOnOneKeyAreSeparateCounters() {
    assertThat(acquire(Limit.window(key("k"), 1, MINUTE), 1).isGranted()).isTrue();
    assertThat(acquire(Limit.window(key("k"), 1, Duration.ofSeconds(1)), 1).isGranted()).isTrue();
  }

  @Test
  public void settleReplacesWindowAmountsAndGivesConcurrencyBack() {
    Limit tokens = Limit.window(key("tpm"), 1000, MINUTE);
    Limit requests = Limit.window(key("rpm"), 10, MINUTE);
    Limit parallel = Limit.concurrent(key("par"), 1);
    Acquisition a =
        store.acquire(List.of(requests, tokens, parallel), List.of(1L, 900L, 1L), time.instant());
    assertThat(a.isGranted()).isTrue();
    assertThat(store.used(key("par"), null, time.instant())).isEqualTo(1);
    assertThat(acquire(parallel, 1).isGranted()).isFalse();
    store.settle(a.permit(), List.of(1L, 120L, 1L), time.instant());
    assertThat(store.used(key("tpm"), MINUTE, time.instant())).isEqualTo(120);
    assertThat(store.used(key("rpm"), MINUTE, time.instant())).isEqualTo(1);
    assertThat(store.used(key("par"), null, time.instant())).isZero();
    // settling twice, or releasing after settling, changes nothing
    store.settle(a.permit(), List.of(5L, 5L, 5L), time.instant());
    store.release(a.permit());
    assertThat(store.used(key("tpm"), MINUTE, time.instant())).isEqualTo(120);
    assertThat(store.used(key("rpm"), MINUTE, time.instant())).isEqualTo(1);
    assertThat(store.used(key("par"), null, time.instant())).isZero();
  }

  @Test
  public void settleMayRaiseAnAmountAboveTheEstimate() {
    Limit tokens = Limit.window(key("tpm2"), 1000, MINUTE);
    Acquisition a = acquire(tokens, 100);
    store.settle(a.permit(), List.of(400L), time.instant());
    assertThat(store.used(key("tpm2"), MINUTE, time.instant())).isEqualTo(400);
  }

  @Test
  public void settleAfterTheEntryLeftTheWindowChangesNothing() {
    assumeTrue(honoursPassedTime());
    Limit tokens = Limit.window(key("late"), 1000, MINUTE);
    Acquisition a = acquire(tokens, 100);
    time.advance(MINUTE);
    acquire(tokens, 10);
    store.settle(a.permit(), List.of(500L), time.instant());
    assertThat(store.used(key("late"), MINUTE, time.instant())).isEqualTo(10);
  }

  @Test
  public void settledEntriesKeepTheirOriginalTime() {
    assumeTrue(honoursPassedTime());
    Limit tokens = Limit.window(key("orig"), 1000, MINUTE);
    Acquisition a = acquire(tokens, 100);
    time.advance(Duration.ofSeconds(30));
    store.settle(a.permit(), List.of(300L), time.instant());
    time.advance(Duration.ofSeconds(30));
    assertThat(store.used(key("orig"), MINUTE, time.instant())).isZero();
  }

  @Test
  public void releaseUndoesEverything() {
    Limit requests = Limit.window(key("r"), 1, MINUTE);
    Limit parallel = Limit.concurrent(key("p"), 1);
    Acquisition a = store.acquire(List.of(requests, parallel), List.of(1L, 1L), time.instant());
    store.release(a.permit());
    assertThat(store.used(key("r"), MINUTE, time.instant())).isZero();
    assertThat(store.used(key("p"), null, time.instant())).isZero();
    assertThat(
            store.acquire(List.of(requests, parallel), List.of(1L, 1L), time.instant()).isGranted())
        .isTrue();
    store.release(a.permit()); // a second release changes nothing
    assertThat(store.used(key("r"), MINUTE, time.instant())).isEqualTo(1);
    assertThat(store.used(key("p"), null, time.instant())).isEqualTo(1);
  }

  @Test
  public void concurrencyDenialHasNoRetryAfter() {
    Limit parallel = Limit.concurrent(key("cp"), 2);
    acquire(parallel, 1);
    acquire(parallel, 1);
    Acquisition d = acquire(parallel, 1);
    assertThat(d.isGranted()).isFalse();
    assertThat(d.used()).isEqualTo(2);
    assertThat(d.retryAfter()).isNull();
  }

  @Test
  public void unknownKeysHoldNothing() {
    assertThat(store.used(key("none"), MINUTE, time.instant())).isZero();
    assertThat(store.used(key("none"), null, time.instant())).isZero();
  }

  @Test
  public void concurrentAcquirersNeverExceedTheMax() throws Exception {
    Limit rpm = Limit.window(key("hot"), 60, MINUTE);
    Limit tpm = Limit.window(key("hot-t"), 1_000, MINUTE);
    Limit parallel = Limit.concurrent(key("hot-p"), 7);
    int threads = 16;
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                  Acquisition a =
                      store.acquire(
                          List.of(rpm, tpm, parallel), List.of(1L, 10L, 1L), time.instant());
                  if (a.isGranted()) {
                    granted.incrementAndGet();
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    inFlight.decrementAndGet();
                    store.settle(a.permit(), List.of(1L, 10L, 1L), time.instant());
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(granted.get()).isEqualTo(60);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(7);
    assertThat(store.used(key("hot"), MINUTE, time.instant())).isEqualTo(60);
    assertThat(store.used(key("hot-t"), MINUTE, time.instant())).isEqualTo(600);
    assertThat(store.used(key("hot-p"), null, time.instant())).isZero();
  }
}
