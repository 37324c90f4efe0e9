package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.store.SpendStore;
import dev.llmux.core.store.SpendStoreContract;

/** The spend contract against the 3-master test cluster. */
class RedisClusterSpendStoreContractTest extends SpendStoreContract {
  @Override
  protected SpendStore create(FakeTime time) {
    RedisStores redis = RedisTestCluster.stores("cl-spend", true);
    SpendStore s = redis.spendStore();
    return new SpendStore() {
      @Override
      public dev.llmux.core.store.ReserveResult reserve(
          java.util.List<dev.llmux.core.store.BudgetKey> keys, long amount, java.time.Instant now) {
        return s.reserve(keys, amount, now);
      }

      @Override
      public java.util.List<Long> settle(
          dev.llmux.core.store.Reservation r, long actual, java.time.Instant now) {
        return s.settle(r, actual, now);
      }

      @Override
      public void release(dev.llmux.core.store.Reservation r) {
        s.release(r);
      }

      @Override
      public java.util.List<Long> record(
          java.util.List<dev.llmux.core.store.BudgetKey> keys, long amount, java.time.Instant now) {
        return s.record(keys, amount, now);
      }

      @Override
      public dev.llmux.core.store.Balance balance(
          dev.llmux.core.store.BudgetKey key, java.time.Instant now) {
        return s.balance(key, now);
      }

      @Override
      public void close() {
        redis.close();
      }
    };
  }
}
