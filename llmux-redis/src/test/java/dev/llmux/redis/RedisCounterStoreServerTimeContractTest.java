package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.CounterStoreContract;

/** Windows on the Redis server's clock (the default): the time-dependent tests are skipped. */
class RedisCounterStoreServerTimeContractTest extends CounterStoreContract {
  @Override
  protected CounterStore create(FakeTime time) {
    RedisStores redis = RedisContractTests.stores(true);
    return RedisContractTests.closing(redis, redis.counterStore());
  }

  @Override
  protected boolean honoursPassedTime() {
    return false;
  }
}
