package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.spend.SpendSettings;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The database stops mid-run (an H2 TCP server taken down and brought back on the same port):
 * requests keep being served with cached keys, spend rows are buffered and written once it is back,
 * none lost.
 */
class DatabaseDownTest {
  @Test
  void requestsAreServedFromCachedKeysAndSpendIsWrittenWhenTheDatabaseReturns() throws Exception {
    Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = tcp.getPort();
    // an in-memory database that outlives its server (DB_CLOSE_DELAY=-1): stopping the server cuts
    // every
    // connection, as a database outage does, and the data is there when it comes back
    String url =
        "jdbc:h2:tcp://127.0.0.1:"
            + port
            + "/mem:llmux-down-"
            + java.util.UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1";
    // quick retries: a connection broken by the restart must be evicted at once
    // (BrokenConnectionEviction)
    LlmuxDatabase db =
        LlmuxDatabase.builder()
            .url(url)
            .keyCacheTtl(Duration.ofMinutes(5))
            .spendSettings(
                SpendSettings.DEFAULTS
                    .withFlushInterval(Duration.ofMillis(50))
                    .withRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(100)))
            .build();
    try (AdminHarness h =
        new AdminHarness(db, ServerConfig.builder().port(0).masterKey(MASTER).build())) {
      JsonNode k = h.ok("/key/generate", MASTER, "{\"key_alias\":\"survivor\",\"max_budget\":100}");
      String secret = k.path("key").asText();
      String id = k.path("token").asText();
      assertThat(h.chat(secret, "priced").statusCode())
          .isEqualTo(200); // warms the key and policy caches
      awaitSpendRows(h, id, 1);

      tcp.stop();
      assertThat(db.healthy()).isFalse();
      for (int i = 0; i < 5; i++) {
        assertThat(h.chat(secret, "priced").statusCode())
            .as("call %s while the database is down", i)
            .isEqualTo(200);
      }
      // a key that was never seen cannot be checked: 503, not 401
      assertThat(h.chat("sk-llmux-neverSeenBeforeAbcdefghijklmnop", "priced").statusCode())
          .isEqualTo(503);
      // management needs the database: 503, not a hang or a 500
      assertThat(h.get("/key/list", MASTER).statusCode()).isEqualTo(503);

      tcp = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
      JsonNode logs = awaitSpendRows(h, id, 6);
      assertThat(logs.path("total").asLong()).isEqualTo(6);
      assertThat(db.spend().writer().dropped()).isZero();
      JsonNode keys = h.okGet("/spend/keys?api_key=" + id, MASTER);
      assertThat(keys.get(0).path("api_requests").asLong()).isEqualTo(6);
    } finally {
      tcp.stop();
    }
  }

  /**
   * The key's spend rows once the writer has stored every call so far (retrying until the database
   * is back).
   */
  private static JsonNode awaitSpendRows(AdminHarness h, String keyId, long rows) throws Exception {
    JsonNode logs = h.okGetAfterSpendFlush("/spend/logs?api_key=" + keyId);
    assertThat(logs.path("total").asLong())
        .as("spend rows of %s", keyId)
        .isGreaterThanOrEqualTo(rows);
    return logs;
  }
}
