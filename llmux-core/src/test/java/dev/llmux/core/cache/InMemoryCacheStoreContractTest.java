package dev.llmux.core.cache;

import dev.llmux.core.FakeTime;

class InMemoryCacheStoreContractTest extends CacheStoreContract {
  @Override
  protected CacheStore create(FakeTime time, long maxEntries, long maxBytes) {
    return CacheStore.inMemory(maxEntries, maxBytes, time);
  }
}
