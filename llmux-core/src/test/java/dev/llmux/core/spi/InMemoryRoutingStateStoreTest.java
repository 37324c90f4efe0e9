package dev.llmux.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryRoutingStateStoreTest {
  private final InMemoryRoutingStateStore store = new InMemoryRoutingStateStore();

  @Test
  void turnsCountPerGroupFromZero() {
    assertThat(store.nextTurn("a")).isZero();
    assertThat(store.nextTurn("a")).isEqualTo(1);
    assertThat(store.nextTurn("b")).isZero();
    assertThat(store.nextTurn("a")).isEqualTo(2);
  }

  @Test
  void concurrentTurnsAreEachHandedOutOnce() throws Exception {
    int threads = 8;
    int perThread = 1_000;
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int i = 0; i < perThread; i++) {
              seen.add(store.nextTurn("g"));
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(store.nextTurn("g")).isEqualTo(threads * perThread);
  }

  @Test
  void inFlightCountsGoUpAndDownAndRemoveForgets() {
    assertThat(store.addInFlight("d", 1)).isEqualTo(1);
    assertThat(store.addInFlight("d", 1)).isEqualTo(2);
    assertThat(store.addInFlight("d", -1)).isEqualTo(1);
    store.remove("d");
    assertThat(store.inFlight("d")).isZero();
  }

  @Test
  void latencyStatsGiveMeanAndMedianOfTheRecentSamples() {
    RoutingStateStore.LatencyKind k = RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN;
    store.recordLatency("d", k, 9.0, 10, 0); // old: left out below
    store.recordLatency("d", k, 4.0, 10, 1000);
    store.recordLatency("d", k, 1.0, 10, 1000);
    store.recordLatency("d", k, 3.0, 10, 1000);
    RoutingStateStore.LatencyStats odd = store.latency("d", k, 1500, 600);
    assertThat(odd.samples()).isEqualTo(3);
    assertThat(odd.mean()).isEqualTo(8.0 / 3);
    assertThat(odd.median()).isEqualTo(3.0);
    store.recordLatency("d", k, 100.0, 10, 1000);
    RoutingStateStore.LatencyStats even = store.latency("d", k, 1500, 600);
    assertThat(even.median()).isEqualTo(3.5); // the two middle ones, 3 and 4
    assertThat(even.mean()).isEqualTo(27.0);
    assertThat(store.latency("none", k, 0, 1)).isEqualTo(RoutingStateStore.LatencyStats.NONE);
    assertThat(new RoutingStateStore.LatencyStats(2, 0.5).median()).isEqualTo(0.5);
  }
}
