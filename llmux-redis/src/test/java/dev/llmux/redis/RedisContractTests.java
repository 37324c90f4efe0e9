package dev.llmux.redis;

import dev.llmux.core.store.CounterStore;
import java.time.Duration;

/**
 * Helpers of the contract suites (run unchanged against a real Redis by the *ContractTest classes).
 */
final class RedisContractTests {

  static RedisStores stores(boolean serverTime) {
    return RedisStores.builder()
        .url(RedisTestServer.url())
        .namespace("contract")
        .timeout(Duration.ofSeconds(2))
        .serverTime(serverTime)
        .build();
  }

  /** A counter store whose close() also closes the connection it came with. */
  static CounterStore closing(RedisStores redis, CounterStore s) {
    return new CounterStore() {
      @Override
      public dev.llmux.core.store.Acquisition acquire(
          java.util.List<dev.llmux.core.store.Limit> limits,
          java.util.List<Long> amounts,
          java.time.Instant now) {
        return s.acquire(limits, amounts, now);
      }

      @Override
      public void settle(
          dev.llmux.core.store.Permit permit,
          java.util.List<Long> finalAmounts,
          java.time.Instant now) {
        s.settle(permit, finalAmounts, now);
      }

      @Override
      public void release(dev.llmux.core.store.Permit permit) {
        s.release(permit);
      }

      @Override
      public long used(String key, Duration window, java.time.Instant now) {
        return s.used(key, window, now);
      }

      @Override
      public void close() {
        redis.close();
      }
    };
  }
}
