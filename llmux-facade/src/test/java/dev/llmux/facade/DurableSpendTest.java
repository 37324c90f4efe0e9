package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.jdbc.PostgresTestServer;
import dev.llmux.jdbc.spend.SpendGroupBy;
import dev.llmux.jdbc.spend.SpendTotal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budget spend that survives a restart, and what facades sharing a database but no Redis see of
 * each other's spend: the bound of docs/distributed.md, shown with the spend writer flushed and the
 * floor read again explicitly (a fake ticker), never by waiting.
 */
class DurableSpendTest {
  @TempDir Path dir;
  Sidecars fleet;

  static final String CHAT =
      """
      providers:
        - name: fake
          type: fake
          models:
            - {name: chat, model: ok, input_cost_per_token: 0, output_cost_per_token: %s}
      routing:
        retry_count: 0
      server:
        master_key: %s
      """
          .formatted(Sidecars.OUTPUT_PRICE, Sidecars.MASTER);

  /** A key whose budget (never resetting) holds exactly ten calls. */
  static final String TEN_CALL_KEY =
      "{\"max_budget\": " + Sidecars.TEN_CALLS + ", \"models\": [\"chat\"]}";

  @AfterEach
  void close() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private int call(Main.Launched l, Sidecars.Key key, String q) {
    HttpResponse<String> r =
        fleet.post(l, "/v1/chat/completions", key.secret(), Sidecars.chat("chat", q));
    if (r.statusCode() != 200) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
      assertThat(r.body()).contains("budget_exceeded");
    }
    return r.statusCode();
  }

  /** Calls until refused (at most 50); the number served. */
  private int callUntilRefused(Main.Launched l, Sidecars.Key key, String tag) {
    for (int i = 0; i < 50; i++) {
      if (call(l, key, tag + " " + i) != 200) {
        return i;
      }
    }
    throw new AssertionError("never refused");
  }

  private static void flush(Main.Launched l) {
    assertThat(l.database().spend().writer().flush(Duration.ofSeconds(30))).isTrue();
  }

  @Test
  void aKeyRefusedForItsBudgetIsStillRefusedAfterARestartOnTheSameDatabase() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("data/llmux").toString().replace('\\', '/');
    fleet = new Sidecars(dir, CHAT + "database:\n  url: \"" + url + "\"\n", Map.of());
    Main.Launched first = fleet.start();
    Sidecars.Key key = fleet.generateKey(first, TEN_CALL_KEY);
    assertThat(callUntilRefused(first, key, "before")).isEqualTo(10);
    // stop as the shutdown hook does (the spend rows are flushed), start again on the same file
    fleet.stop(first);
    Main.Launched second = fleet.start();
    assertThat(call(second, key, "after restart")).isEqualTo(429);
    flush(second);
    SpendTotal total = second.database().spend().total(SpendGroupBy.KEY, key.id());
    // every served call has exactly one row (the refused ones are rows too, as failures)
    assertThat(total.successes()).isEqualTo(10);
    assertThat(total.requests()).isEqualTo(12);
    var rows =
        second
            .database()
            .spend()
            .logs(
                new dev.llmux.jdbc.spend.SpendLogFilter(
                    null, null, key.id(), null, null, null, null, null, null, 1, 100));
    assertThat(rows.total()).isEqualTo(12);
    assertThat(rows.items().stream().filter(r -> r.httpStatus() == 200).count()).isEqualTo(10);
    assertThat(rows.items().stream().map(r -> r.callId()).distinct().count()).isEqualTo(12);
  }

  /**
   * Two facades on one PostgreSQL without Redis. Each keeps its own spend store; it sees the
   * other's spend through the spend log only once the other flushed it ({@code database.spend.
   * flush_interval}) and it read its floor again ({@code database.spend.floor_ttl}). So the
   * overshoot of a budget is exactly the other instance's spend it could not see yet, and no
   * instance admits anything once both are flushed and read.
   */
  @Test
  void facadesSharingADatabaseWithoutRedisOvershootByWhatTheyCouldNotSeeYet() throws Exception {
    Duration floorTtl = Duration.ofMinutes(1);
    fleet =
        new Sidecars(
            dir,
            CHAT
                + "database:\n  url: \""
                + PostgresTestServer.freshSchemaUrl()
                + "\"\n  spend: {flush_interval: 1h, floor_ttl: 1m}\n",
            Map.of());
    Sidecars.FakeTicker ticker = new Sidecars.FakeTicker();
    Main.Launched a = fleet.start(ticker);
    Main.Launched b = fleet.start(ticker);

    // 1. The flush lag: a's calls are not in the database yet when b reads its floor.
    Sidecars.Key k1 = fleet.generateKey(a, TEN_CALL_KEY);
    for (int i = 0; i < 4; i++) {
      assertThat(call(a, k1, "a" + i)).isEqualTo(200);
    }
    int servedByB = callUntilRefused(b, k1, "b");
    assertThat(servedByB).isEqualTo(10); // b saw none of a's 4 calls
    int overshoot = 4 + servedByB - 10;
    assertThat(overshoot).isEqualTo(4); // = a's spend b could not see: unflushed
    // once both are flushed and their floors read again, neither admits anything more
    flush(a);
    flush(b);
    ticker.advance(floorTtl);
    assertThat(call(a, k1, "a-after")).isEqualTo(429);
    assertThat(call(b, k1, "b-after")).isEqualTo(429);

    // 2. The floor TTL: a's calls are in the database, but b read its floor before they were.
    Sidecars.Key k2 = fleet.generateKey(a, TEN_CALL_KEY);
    assertThat(call(b, k2, "b0")).isEqualTo(200); // b reads its floor (0) and keeps it a minute
    for (int i = 0; i < 5; i++) {
      assertThat(call(a, k2, "a" + i)).isEqualTo(200);
    }
    flush(a);
    int moreByB = callUntilRefused(b, k2, "b");
    assertThat(moreByB).isEqualTo(9); // b's own 10, none of a's 5
    assertThat(1 + 5 + moreByB - 10).isEqualTo(5); // the overshoot: a's 5 b had not read yet
    flush(b);
    ticker.advance(floorTtl);
    assertThat(call(a, k2, "a-after")).isEqualTo(429);
    assertThat(call(b, k2, "b-after")).isEqualTo(429);

    // 3. Flushed and read in time: no overshoot at all.
    Sidecars.Key k3 = fleet.generateKey(a, TEN_CALL_KEY);
    for (int i = 0; i < 6; i++) {
      assertThat(call(a, k3, "a" + i)).isEqualTo(200);
    }
    flush(a);
    assertThat(callUntilRefused(b, k3, "b")).isEqualTo(4); // b's first floor read sees a's 6

    // the spend log holds exactly what was served, never more than the two-instance worst case
    flush(a);
    flush(b);
    assertThat(a.database().spend().total(SpendGroupBy.KEY, k1.id()).successes()).isEqualTo(14);
    assertThat(a.database().spend().total(SpendGroupBy.KEY, k2.id()).successes()).isEqualTo(15);
    assertThat(a.database().spend().total(SpendGroupBy.KEY, k3.id()).successes()).isEqualTo(10);
  }
}
