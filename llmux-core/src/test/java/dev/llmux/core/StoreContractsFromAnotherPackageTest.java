package dev.llmux.core;

import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.cache.CacheStoreContract;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.CounterStoreContract;
import dev.llmux.core.store.SpendStore;
import dev.llmux.core.store.SpendStoreContract;
import org.junit.jupiter.api.Nested;

/**
 * The contract suites run from outside their packages, as a store module (llmux-redis) runs them
 * from llmux-core's test jar.
 */
class StoreContractsFromAnotherPackageTest {

  @Nested
  class Counters extends CounterStoreContract {
    @Override
    protected CounterStore create(FakeTime time) {
      return CounterStore.inMemory();
    }
  }

  @Nested
  class Spend extends SpendStoreContract {
    @Override
    protected SpendStore create(FakeTime time) {
      return SpendStore.inMemory();
    }
  }

  @Nested
  class Cache extends CacheStoreContract {
    @Override
    protected CacheStore create(FakeTime time, long maxEntries, long maxBytes) {
      return CacheStore.inMemory(maxEntries, maxBytes, time);
    }
  }
}
