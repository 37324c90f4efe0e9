package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.CounterStoreContract;

/** Windows on the time the caller passes (every test of the suite runs). */
class RedisCounterStoreCallerTimeContractTest extends CounterStoreContract {
  private RedisStores redis;

  @Override
  protected CounterStore create(FakeTime time) {
    redis = RedisContractTests.stores(false);
    return RedisContractTests.closing(redis, redis.counterStore());
  }
}
