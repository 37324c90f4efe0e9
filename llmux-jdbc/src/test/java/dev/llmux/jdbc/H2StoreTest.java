package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on H2 (a new in-memory database per test). */
class H2StoreTest extends StoreContractTest {
  private static final AtomicInteger DBS = new AtomicInteger();

  @Override
  String freshUrl() {
    return "jdbc:h2:mem:llmux" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  }

  @Test
  void anH2FileDatabaseKeepsItsDataAcrossRestarts(@TempDir Path dir) {
    String url = LlmuxDatabase.h2File(dir);
    GeneratedKey k;
    try (LlmuxDatabase first = LlmuxDatabase.builder().url(url).build()) {
      k = first.keys().generate(KeySpec.EMPTY, ADMIN);
    }
    try (LlmuxDatabase second = LlmuxDatabase.builder().url(url).build()) {
      assertThat(second.authenticate(k.key())).isPresent();
    }
  }
}
