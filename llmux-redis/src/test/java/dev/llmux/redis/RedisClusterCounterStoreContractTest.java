package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.CounterStoreContract;

/** The counter contract (caller time: every test) against the 3-master test cluster. */
class RedisClusterCounterStoreContractTest extends CounterStoreContract {
  @Override
  protected CounterStore create(FakeTime time) {
    RedisStores redis = RedisTestCluster.stores("cl-counter", false);
    return RedisContractTests.closing(redis, redis.counterStore());
  }
}
