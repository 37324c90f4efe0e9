package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.FakeTime;
import dev.llmux.core.RequestContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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

  @Test
  void cachedKeysAndRulesKeepWorkingWhileTheDatabaseIsDown() throws Exception {
    String url = "jdbc:h2:mem:outage" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    FakeTime ticker = new FakeTime();
    try (LlmuxDatabase d =
        LlmuxDatabase.builder()
            .url(url)
            .ticker(ticker)
            .keyCacheTtl(Duration.ofSeconds(30))
            .connectionTimeout(Duration.ofSeconds(1))
            .build()) {
      GeneratedKey cached =
          d.keys()
              .generate(
                  new KeySpec(
                      null,
                      null,
                      null,
                      null,
                      null,
                      new Limits(new BigDecimal("5"), null, null, null, null, null),
                      null,
                      null,
                      null,
                      null),
                  ADMIN);
      GeneratedKey notCached = d.keys().generate(KeySpec.EMPTY, ADMIN);
      RequestContext ctx = RequestContext.builder().keyId(cached.info().id()).build();
      assertThat(d.authenticate(cached.key())).isPresent();
      assertThat(d.governancePolicy().rulesFor(ctx, "m")).hasSize(1);

      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN"); // the database is gone; new connections find no tables
      }
      ticker.advance(
          Duration.ofSeconds(31)); // past the TTL: each read starts a refresh, which fails
      for (int i = 0; i < 3; i++) {
        assertThat(d.authenticate(cached.key())).isPresent();
        assertThat(d.governancePolicy().rulesFor(ctx, "m")).hasSize(1);
      }
      assertThatThrownBy(() -> d.authenticate(notCached.key()))
          .isInstanceOf(DatabaseException.class);
    }
  }
}
