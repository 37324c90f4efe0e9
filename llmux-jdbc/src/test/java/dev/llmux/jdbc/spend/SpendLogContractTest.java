package dev.llmux.jdbc.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.CallRecord;
import dev.llmux.core.FakeTime;
import dev.llmux.core.Sleeper;
import dev.llmux.core.governance.Scope;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.internal.DbSpendHistory;
import dev.llmux.jdbc.internal.Sql;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spend log writer and queries; run against H2 ({@code H2SpendLogTest}) and PostgreSQL ({@code
 * dev.llmux.jdbc.PostgresSpendLogTest}, next to the shared {@code PostgresTestServer}).
 */
public abstract class SpendLogContractTest {
  static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(30);

  String url;
  SpendTestDatabases.SwitchableDataSource ds;
  GateSleeper sleeper;
  final List<SpendLog> opened = new ArrayList<>();

  /** A fresh, empty database url. */
  protected abstract String freshUrl();

  @BeforeEach
  void setUp() {
    url = freshUrl();
    SpendTestDatabases.migrate(url);
    ds = new SpendTestDatabases.SwitchableDataSource(url);
    sleeper = new GateSleeper();
  }

  @AfterEach
  void tearDown() {
    sleeper.open();
    ds.down = false;
    opened.forEach(SpendLog::close);
  }

  SpendLog log(SpendSettings settings) {
    return log(settings, null);
  }

  SpendLog log(SpendSettings settings, SimpleMeterRegistry registry) {
    SpendLog l =
        SpendLog.builder(ds).settings(settings).sleeper(sleeper).meterRegistry(registry).build();
    opened.add(l);
    return l;
  }

  static SpendSettings settings() {
    // a long interval: batches go out when full or flushed, never by the clock, unless a test says
    // so
    return SpendSettings.DEFAULTS
        .withFlushInterval(Duration.ofHours(1))
        .withShutdownTimeout(Duration.ofSeconds(20));
  }

  static CallRecord rec(
      String id, Instant at, String key, String model, long prompt, long completion, Double cost) {
    return rec(
        id,
        at,
        key,
        "u-" + key,
        "t1",
        "o1",
        null,
        model,
        "p1",
        prompt,
        completion,
        cost,
        "success",
        200,
        false);
  }

  static CallRecord rec(
      String id,
      Instant at,
      String key,
      String user,
      String team,
      String org,
      String endUser,
      String model,
      String provider,
      long prompt,
      long completion,
      Double cost,
      String status,
      int http,
      boolean cacheHit) {
    return new CallRecord(
        id,
        "caller-" + id,
        "chat",
        false,
        key,
        user,
        team,
        org,
        endUser,
        List.of("tag1"),
        Map.of("m", "v"),
        model,
        model,
        cacheHit ? null : "dep-" + model,
        cacheHit ? null : provider,
        "openai",
        prompt,
        completion,
        1,
        0,
        cost,
        at,
        Duration.ofMillis(120),
        null,
        cacheHit,
        status,
        http,
        "success".equals(status) ? null : "api_error");
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  long count(String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long rows() {
    return count("SELECT COUNT(*) FROM llmux_spend_logs");
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void writesOneRowPerCallWithEveryField() {
    SpendLog log = log(settings());
    CallRecord r =
        new CallRecord(
            id(),
            "req-1",
            "responses",
            true,
            "k1",
            "u1",
            "t1",
            "o1",
            "e1",
            List.of("a", "b"),
            Map.of("x", "y"),
            "gpt",
            "group",
            "dep",
            "prov",
            "openai",
            100,
            50,
            20,
            10,
            0.0123,
            Instant.parse("2026-03-01T23:59:59.123Z"),
            Duration.ofMillis(1500),
            Duration.ofMillis(300),
            false,
            "success",
            200,
            null);
    log.writer().onCall(r);
    assertThat(log.writer().flush(WAIT)).isTrue();
    SpendRow row = log.log(r.id()).orElseThrow();
    assertThat(row.callerRequestId()).isEqualTo("req-1");
    assertThat(row.operation()).isEqualTo("responses");
    assertThat(row.stream()).isTrue();
    assertThat(List.of(row.keyId(), row.userId(), row.teamId(), row.orgId(), row.endUserId()))
        .containsExactly("k1", "u1", "t1", "o1", "e1");
    assertThat(row.tags()).containsExactly("a", "b");
    assertThat(row.metadata()).containsEntry("x", "y");
    assertThat(
            List.of(
                row.requestedModel(),
                row.modelGroup(),
                row.deploymentId(),
                row.provider(),
                row.providerType()))
        .containsExactly("gpt", "group", "dep", "prov", "openai");
    assertThat(
            List.of(
                row.promptTokens(),
                row.completionTokens(),
                row.cachedTokens(),
                row.reasoningTokens()))
        .containsExactly(100L, 50L, 20L, 10L);
    assertThat(row.cost()).isEqualByComparingTo("0.0123");
    assertThat(row.startedAt()).isEqualTo(Instant.parse("2026-03-01T23:59:59.123Z"));
    assertThat(row.latencyMs()).isEqualTo(1500);
    assertThat(row.ttftMs()).isEqualTo(300);
    assertThat(row.status()).isEqualTo("success");
    assertThat(row.httpStatus()).isEqualTo(200);
    assertThat(log.writer().written()).isEqualTo(1);
    assertThat(log.activity(SpendFilter.all()))
        .singleElement()
        .satisfies(d -> assertThat(d.day()).isEqualTo(LocalDate.of(2026, 3, 1)));
  }

  @Test
  void unknownPriceIsStoredAsNullAndCountsZero() {
    SpendLog log = log(settings());
    CallRecord r = rec(id(), DAY1, "k1", "m", 1, 1, null);
    log.writer().onCall(r);
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(log.log(r.id()).orElseThrow().cost()).isNull();
    assertThat(log.total(SpendGroupBy.KEY, "k1").cost()).isEqualByComparingTo("0");
    assertThat(log.total(SpendGroupBy.KEY, "k1").requests()).isEqualTo(1);
  }

  @Test
  void batchesNeverExceedTheBatchSize() {
    SpendLog log = log(settings().withBatchSize(3));
    for (int i = 0; i < 7; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(7);
    assertThat(ds.connections.get()).isGreaterThanOrEqualTo(3); // 7 rows in batches of at most 3
    assertThat(log.total(SpendGroupBy.KEY, "k1").requests()).isEqualTo(7);
  }

  @Test
  void aFullBatchIsWrittenWithoutAFlush() {
    SpendLog log = log(settings().withBatchSize(4));
    for (int i = 0; i < 4; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    await(() -> rows() == 4, "a full batch to be written");
  }

  @Test
  void aPartialBatchIsWrittenAfterTheFlushInterval() {
    SpendLog log = log(settings().withFlushInterval(Duration.ofMillis(20)));
    log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    await(() -> rows() == 1, "the interval to write a partial batch");
  }

  @Test
  void theSameCallIdTwiceIsOneRowCountedOnce() {
    SpendLog log = log(settings());
    CallRecord r = rec(id(), DAY1, "k1", "m", 10, 5, 0.5);
    log.writer().onCall(r);
    log.writer().onCall(r); // same batch
    assertThat(log.writer().flush(WAIT)).isTrue();
    log.writer().onCall(r); // a later batch: a replay
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(1);
    SpendTotal t = log.total(SpendGroupBy.KEY, "k1");
    assertThat(t.requests()).isEqualTo(1);
    assertThat(t.promptTokens()).isEqualTo(10);
    assertThat(t.cost()).isEqualByComparingTo("0.5");
    assertThat(log.writer().written()).isEqualTo(1);
  }

  @Test
  void aggregatesMatchTheLogOverManyRowsAndDays() {
    SpendLog log = log(settings().withBatchSize(37));
    Random random = new Random(7);
    List<CallRecord> all = new ArrayList<>();
    String[] keys = {"k1", "k2", null};
    String[] models = {"gpt", "claude"};
    String[] statuses = {"success", "success", "success", "cancelled", "rate_limit"};
    for (int i = 0; i < 400; i++) {
      Instant at = DAY1.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60))); // three days
      String key = keys[random.nextInt(keys.length)];
      boolean hit = random.nextInt(10) == 0;
      String status = statuses[random.nextInt(statuses.length)];
      CallRecord r =
          rec(
              id(),
              at,
              key,
              key == null ? null : "u-" + key,
              "t" + random.nextInt(2),
              "o1",
              random.nextBoolean() ? "end-" + random.nextInt(3) : null,
              models[random.nextInt(2)],
              "p" + random.nextInt(2),
              random.nextInt(1000),
              random.nextInt(500),
              hit ? 0.0 : random.nextInt(10_000) / 1e6,
              status,
              "rate_limit".equals(status) ? 429 : 200,
              hit);
      all.add(r);
      log.writer().onCall(r);
    }
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(400);

    // per key, all time
    Map<String, long[]> byKey = new HashMap<>();
    Map<String, BigDecimal> costByKey = new HashMap<>();
    for (CallRecord r : all) {
      long[] s = byKey.computeIfAbsent(String.valueOf(r.keyId()), k -> new long[5]);
      s[0]++;
      s[1] += r.succeeded() ? 1 : 0;
      s[2] += r.cacheHit() ? 1 : 0;
      s[3] += r.promptTokens();
      s[4] += r.completionTokens();
      costByKey.merge(String.valueOf(r.keyId()), SpendStore.cost(r), BigDecimal::add);
    }
    List<SpendTotal> totals = log.totals(SpendGroupBy.KEY, SpendFilter.all());
    assertThat(totals).hasSize(3);
    for (SpendTotal t : totals) {
      long[] s = byKey.get(String.valueOf(t.group()));
      assertThat(
              new long[] {
                t.requests(), t.successes(), t.cacheHits(), t.promptTokens(), t.completionTokens()
              })
          .as("key %s", t.group())
          .containsExactly(s);
      assertThat(t.failures()).isEqualTo(s[0] - s[1]);
      assertThat(t.cost()).isEqualByComparingTo(costByKey.get(String.valueOf(t.group())));
    }
    assertThat(totals).extracting(SpendTotal::cost).isSortedAccordingTo(Collections.reverseOrder());

    // per day, one model, one key
    LocalDate d2 = LocalDate.of(2026, 3, 2);
    List<DailyActivity> days = log.activity(SpendFilter.all().withKey("k1").withModelGroup("gpt"));
    assertThat(days).extracting(DailyActivity::day).isSorted().hasSizeBetween(3, 4);
    for (DailyActivity d : days) {
      List<CallRecord> expected =
          all.stream()
              .filter(
                  r ->
                      "k1".equals(r.keyId())
                          && "gpt".equals(r.modelGroup())
                          && LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC).equals(d.day()))
              .toList();
      assertThat(d.requests()).isEqualTo(expected.size());
      assertThat(d.totalTokens())
          .isEqualTo(
              expected.stream().mapToLong(r -> r.promptTokens() + r.completionTokens()).sum());
      assertThat(d.cost())
          .isEqualByComparingTo(
              expected.stream().map(SpendStore::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    // a one-day range (inclusive) per model, and per provider equals the log's own sums
    List<SpendTotal> models2 = log.totals(SpendGroupBy.MODEL, SpendFilter.between(d2, d2));
    assertThat(models2)
        .extracting(SpendTotal::requests)
        .asList()
        .isEqualTo(
            models2.stream()
                .map(
                    t ->
                        (Object)
                            all.stream()
                                .filter(
                                    r ->
                                        r.modelGroup().equals(t.group())
                                            && LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC)
                                                .equals(d2))
                                .count())
                .toList());
    long providerCalls =
        log.totals(SpendGroupBy.PROVIDER, SpendFilter.all()).stream()
            .mapToLong(SpendTotal::requests)
            .sum();
    assertThat(providerCalls).isEqualTo(400);
    assertThat(log.totals(SpendGroupBy.PROVIDER, SpendFilter.all()))
        .extracting(SpendTotal::group)
        .containsExactlyInAnyOrder(null, "p0", "p1"); // cache hits have no provider

    // totals for the info endpoints
    SpendTotal team = log.total(SpendGroupBy.TEAM, "t1");
    assertThat(team.requests())
        .isEqualTo(all.stream().filter(r -> "t1".equals(r.teamId())).count());
    SpendTotal end = log.total(SpendGroupBy.END_USER, "end-1");
    assertThat(end.requests())
        .isEqualTo(all.stream().filter(r -> "end-1".equals(r.endUserId())).count());
    assertThat(log.total(SpendGroupBy.USER, "nobody").requests()).isZero();
    assertThat(log.total(SpendGroupBy.USER, "nobody").cost()).isEqualByComparingTo("0");
    assertThat(log.total(SpendGroupBy.ORGANIZATION, "o1").requests()).isEqualTo(400);
    // the aggregate table agrees with a plain SUM over the log
    assertThat(count("SELECT SUM(prompt_tokens) FROM llmux_spend_logs"))
        .isEqualTo(count("SELECT SUM(prompt_tokens) FROM llmux_daily_spend"));
  }

  @Test
  void twoWritersOnOneDatabaseCountEveryRowOnce() throws Exception {
    sleeper.open(); // a batch that lost an insert race to the other writer is retried at once
    SpendLog a = log(settings().withBatchSize(20));
    SpendLog b = log(settings().withBatchSize(20));
    Thread ta = new Thread(() -> feed(a, 300));
    Thread tb = new Thread(() -> feed(b, 300));
    ta.start();
    tb.start();
    ta.join();
    tb.join();
    assertThat(a.writer().flush(WAIT)).isTrue();
    assertThat(b.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(600);
    assertThat(a.totals(SpendGroupBy.KEY, SpendFilter.all()))
        .extracting(SpendTotal::requests)
        .containsExactlyInAnyOrder(200L, 200L, 200L);
    assertThat(a.total(SpendGroupBy.ORGANIZATION, "o1").cost()).isEqualByComparingTo("6.00");
    assertThat(a.writer().dropped() + b.writer().dropped()).isZero();
  }

  private static void feed(SpendLog log, int n) {
    for (int i = 0; i < n; i++) {
      // the same few aggregate rows from both writers
      log.writer()
          .onCall(
              rec(
                  id(),
                  DAY1.plus(Duration.ofHours(i % 2 * 24L)),
                  "k" + i % 3,
                  "m" + i % 2,
                  1,
                  1,
                  0.01));
    }
  }

  @Test
  void logsFilterAndPaginateNewestFirst() {
    SpendLog log = log(settings());
    List<CallRecord> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      CallRecord r =
          rec(
              id(),
              DAY1.plus(Duration.ofHours(i * 5L)),
              i % 2 == 0 ? "k1" : "k2",
              i % 3 == 0 ? "gpt" : "claude",
              i,
              i,
              0.01);
      all.add(r);
      log.writer().onCall(r);
    }
    assertThat(log.writer().flush(WAIT)).isTrue();

    Page<SpendRow> p1 =
        log.logs(new SpendLogFilter(null, null, "k1", null, null, null, null, null, null, 1, 5));
    Page<SpendRow> p2 =
        log.logs(new SpendLogFilter(null, null, "k1", null, null, null, null, null, null, 2, 5));
    Page<SpendRow> p3 =
        log.logs(new SpendLogFilter(null, null, "k1", null, null, null, null, null, null, 3, 5));
    assertThat(p1.total()).isEqualTo(13);
    assertThat(p1.totalPages()).isEqualTo(3);
    assertThat(p1.items()).hasSize(5);
    assertThat(p3.items()).hasSize(3);
    List<SpendRow> joined = new ArrayList<>(p1.items());
    joined.addAll(p2.items());
    joined.addAll(p3.items());
    assertThat(joined).extracting(SpendRow::callId).doesNotHaveDuplicates().hasSize(13);
    assertThat(joined)
        .extracting(SpendRow::startedAt)
        .isSortedAccordingTo(Collections.reverseOrder());
    assertThat(joined).allMatch(r -> "k1".equals(r.keyId()));

    // a day range, inclusive: the calls of 2026-03-02 (hours 14..38 after DAY1 10:00)
    LocalDate d2 = LocalDate.of(2026, 3, 2);
    Page<SpendRow> day =
        log.logs(new SpendLogFilter(d2, d2, null, null, null, null, null, null, null, 1, 100));
    long expected =
        all.stream()
            .filter(r -> LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC).equals(d2))
            .count();
    assertThat(day.total()).isEqualTo(expected).isPositive();

    Page<SpendRow> gpt =
        log.logs(new SpendLogFilter(null, null, null, null, null, null, null, "gpt", null, 1, 100));
    assertThat(gpt.total())
        .isEqualTo(all.stream().filter(r -> r.modelGroup().equals("gpt")).count());

    CallRecord one = all.get(4);
    assertThat(
            log.logs(
                    new SpendLogFilter(
                        null, null, null, null, null, null, null, null, one.id(), 1, 10))
                .items())
        .extracting(SpendRow::callId)
        .containsExactly(one.id());
    assertThat(
            log.logs(
                    new SpendLogFilter(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "caller-" + one.id(),
                        1,
                        10))
                .items())
        .extracting(SpendRow::callId)
        .containsExactly(one.id());
    assertThat(log.logs(SpendLogFilter.all()).size()).isEqualTo(50);
    assertThatThrownBy(
            () ->
                new SpendLogFilter(
                    d2, d2.minusDays(1), null, null, null, null, null, null, null, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logsFilterByStatus() {
    SpendLog log = log(settings());
    String[] statuses = {
      "success", "cancelled", "rate_limit_exceeded", "upstream_error", "success"
    };
    for (int i = 0; i < statuses.length; i++) {
      log.writer()
          .onCall(
              rec(
                  id(),
                  DAY1.plusSeconds(i),
                  "k1",
                  "u1",
                  "t1",
                  "o1",
                  null,
                  "m",
                  "p1",
                  1,
                  1,
                  0.01,
                  statuses[i],
                  statuses[i].equals("success") || statuses[i].equals("cancelled") ? 200 : 429,
                  false));
    }
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(statusesOf(log, SpendLogFilter.SUCCESS)).containsExactly("success", "success");
    assertThat(statusesOf(log, SpendLogFilter.FAILURE))
        .containsExactlyInAnyOrder("rate_limit_exceeded", "upstream_error");
    assertThat(statusesOf(log, "cancelled")).containsExactly("cancelled");
    assertThat(statusesOf(log, null)).hasSize(5);
    assertThat(statusesOf(log, " ")).hasSize(5);
  }

  private static List<String> statusesOf(SpendLog log, String status) {
    return log
        .logs(
            new SpendLogFilter(
                null, null, "k1", null, null, null, null, null, null, 1, 100, status))
        .items()
        .stream()
        .map(SpendRow::status)
        .toList();
  }

  @Test
  void anOutageBuffersRetriesWithBackoffAndLosesNothing() {
    SpendLog log =
        log(
            settings()
                .withBatchSize(5)
                .withRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(3)));
    ds.down = true;
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      CallRecord r = rec(id(), DAY1, "k1", "m", 10, 1, 0.25);
      ids.add(r.id());
      log.writer().onCall(r);
    }
    await(() -> sleeper.sleeps.size() == 1, "the first failed write");
    for (int i = 0; i < 12; i++) { // more calls while the database is down
      CallRecord r = rec(id(), DAY1.plusSeconds(i), "k1", "m", 10, 1, 0.25);
      ids.add(r.id());
      log.writer().onCall(r);
    }
    assertThat(log.writer().buffered()).isEqualTo(17);
    sleeper.release(3);
    await(() -> sleeper.sleeps.size() == 4, "three more failed writes");
    assertThat(sleeper.sleeps)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(3));
    assertThat(rows()).isZero();
    assertThat(log.writer().flush(Duration.ZERO)).isFalse();

    ds.down = false;
    sleeper.open();
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(17);
    assertThat(
            log.logs(
                    new SpendLogFilter(
                        null, null, null, null, null, null, null, null, null, 1, 100))
                .items())
        .extracting(SpendRow::callId)
        .containsExactlyInAnyOrderElementsOf(ids);
    SpendTotal t = log.total(SpendGroupBy.KEY, "k1");
    assertThat(t.requests()).isEqualTo(17);
    assertThat(t.cost()).isEqualByComparingTo("4.25");
    assertThat(log.writer().dropped()).isZero();
    assertThat(log.writer().buffered()).isZero();
  }

  @Test
  void aFullBufferDropsAndCountsTheNewestRows() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SpendLog log = log(settings().withBatchSize(5).withBufferCapacity(5), registry);
    ds.down = true;
    for (int i = 0; i < 5; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    await(
        () -> sleeper.sleeps.size() == 1,
        "the first failed write"); // the 5 are in the batch being retried
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      CallRecord r = rec(id(), DAY1, "k1", "m", 1, 1, 0.1);
      if (i < 5) {
        kept.add(r.id());
      }
      log.writer().onCall(r);
    }
    assertThat(log.writer().dropped()).isEqualTo(10);
    assertThat(registry.get("llmux.spend.dropped").counter().count()).isEqualTo(10);
    assertThat(registry.get("llmux.spend.buffered").gauge().value()).isEqualTo(10);
    ds.down = false;
    sleeper.open();
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(10);
    for (String id : kept) {
      assertThat(log.log(id)).isPresent();
    }
    assertThat(registry.get("llmux.spend.written").counter().count()).isEqualTo(10);
    assertThat(registry.get("llmux.spend.buffered").gauge().value()).isZero();
  }

  @Test
  void aRowTheDatabaseRefusesIsDroppedAloneAndTheRestOfItsBatchIsWritten() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SpendLog log = log(settings(), registry);
    CallRecord poison = rec(id(), DAY1, "k1", "m", 1, 1, 1e15); // beyond NUMERIC(20,10)
    for (int i = 0; i < 3; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    log.writer().onCall(poison);
    log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(4);
    assertThat(log.log(poison.id())).isEmpty();
    assertThat(log.total(SpendGroupBy.KEY, "k1").requests()).isEqualTo(4);
    assertThat(log.writer().dropped()).isEqualTo(1);
    assertThat(registry.get("llmux.spend.dropped").counter().count()).isEqualTo(1);
    assertThat(sleeper.sleeps).isEmpty(); // not mistaken for an outage
  }

  @Test
  void aDatabaseThatAnswersButCannotWriteIsAnOutageNotBadRows() {
    SpendLog log = log(settings());
    ds.readOnly = true;
    for (int i = 0; i < 3; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    assertThat(log.writer().flush(Duration.ZERO)).isFalse();
    await(() -> sleeper.sleeps.size() == 1, "a failed write");
    assertThat(log.writer().dropped()).isZero();
    assertThat(log.writer().buffered()).isEqualTo(3);
    ds.readOnly = false;
    sleeper.open();
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void closeWritesEverythingBuffered() {
    SpendLog log = log(settings());
    for (int i = 0; i < 3; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    log.close();
    assertThat(rows()).isEqualTo(3);
    assertThat(log.writer().dropped()).isZero();
    log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1)); // after close: counted, not written
    assertThat(log.writer().dropped()).isEqualTo(1);
    log.close(); // idempotent
  }

  @Test
  void closeWhileTheDatabaseStaysDownGivesUpAfterTheShutdownTimeoutAndCountsTheRest() {
    SpendLog log = log(settings().withShutdownTimeout(Duration.ofMillis(50)));
    ds.down = true;
    sleeper.open(); // retries do not wait here; the shutdown timeout bounds them
    for (int i = 0; i < 4; i++) {
      log.writer().onCall(rec(id(), DAY1, "k1", "m", 1, 1, 0.1));
    }
    log.close();
    assertThat(log.writer().dropped()).isEqualTo(4);
    assertThat(log.writer().buffered()).isZero();
    ds.down = false;
    assertThat(rows()).isZero();
  }

  // ---------------------------------------------------------------- durable floor (spend history)

  DbSpendHistory history(Duration ttl, FakeTime ticker) {
    return new DbSpendHistory(new Sql(ds), ttl, 1000, ticker);
  }

  static long usd(long dollars) {
    return dollars * 1_000_000_000L;
  }

  @Test
  void theFloorSumsThePeriodFromDailyAggregatesAndTheFirstDaysRows() {
    SpendLog log = log(settings());
    // a period starting at 06:00 UTC (midnight in UTC+06:00): its first day is partly in the rows
    Instant since = Instant.parse("2026-03-01T06:00:00Z");
    log.writer().onCall(rec(id(), Instant.parse("2026-03-01T05:59:59Z"), "k", "m1", 1, 1, 1.0));
    log.writer().onCall(rec(id(), Instant.parse("2026-03-01T06:00:00Z"), "k", "m1", 1, 1, 2.0));
    log.writer().onCall(rec(id(), Instant.parse("2026-03-02T01:00:00Z"), "k", "m1", 1, 1, 4.0));
    log.writer().onCall(rec(id(), Instant.parse("2026-03-05T12:00:00Z"), "k", "m1", 1, 1, 8.0));
    log.writer().onCall(rec(id(), Instant.parse("2026-03-02T02:00:00Z"), "k", "m2", 1, 1, 16.0));
    log.writer().onCall(rec(id(), Instant.parse("2026-03-02T03:00:00Z"), "k", "m2", 1, 1, null));
    log.writer()
        .onCall(rec(id(), Instant.parse("2026-03-02T04:00:00Z"), "other", "m1", 1, 1, 32.0));
    assertThat(log.writer().flush(WAIT)).isTrue();
    DbSpendHistory h = history(Duration.ZERO, new FakeTime());

    assertThat(h.spentSince(Scope.KEY, "k", null, since)).isEqualTo(usd(2 + 4 + 8 + 16));
    assertThat(h.spentSince(Scope.KEY, "k", "m1", since)).isEqualTo(usd(2 + 4 + 8));
    assertThat(h.spentSince(Scope.KEY, "k", "m2", since)).isEqualTo(usd(16));
    // a period starting at UTC midnight comes from the aggregates alone
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.parse("2026-03-02T00:00:00Z")))
        .isEqualTo(usd(4 + 8 + 16));
    // a budget that never resets: everything
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.EPOCH))
        .isEqualTo(usd(1 + 2 + 4 + 8 + 16));
    // the other scopes (rec() gives user u-<key>, team t1, org o1)
    assertThat(h.spentSince(Scope.USER, "u-k", null, since)).isEqualTo(usd(30));
    assertThat(h.spentSince(Scope.TEAM, "t1", null, since)).isEqualTo(usd(30 + 32));
    assertThat(h.spentSince(Scope.ORGANIZATION, "o1", "m1", since)).isEqualTo(usd(14 + 32));
    assertThat(h.spentSince(Scope.END_USER, "nobody", null, since)).isZero();
    assertThat(h.spentSince(Scope.KEY, "unknown", null, since)).isZero();
  }

  @Test
  void theFloorIsCachedForItsTtlAndFallsBackToTheLastValueWhileTheDatabaseIsDown() {
    SpendLog log = log(settings());
    FakeTime ticker = new FakeTime();
    DbSpendHistory h = history(Duration.ofSeconds(10), ticker);
    log.writer().onCall(rec(id(), DAY1, "k", "m", 1, 1, 1.0));
    assertThat(log.writer().flush(WAIT)).isTrue();
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.EPOCH)).isEqualTo(usd(1));
    log.writer().onCall(rec(id(), DAY1, "k", "m", 1, 1, 2.0));
    assertThat(log.writer().flush(WAIT)).isTrue();
    ticker.advance(Duration.ofMillis(9_999));
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.EPOCH)).isEqualTo(usd(1)); // cached
    assertThat(h.reads()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(1));
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.EPOCH)).isEqualTo(usd(3)); // read again
    assertThat(h.reads()).isEqualTo(2);

    ds.down = true;
    ticker.advance(Duration.ofSeconds(30));
    assertThat(h.spentSince(Scope.KEY, "k", null, Instant.EPOCH)).isEqualTo(usd(3)); // stale
    assertThatThrownBy(() -> h.spentSince(Scope.KEY, "never-read", null, Instant.EPOCH))
        .isInstanceOf(dev.llmux.jdbc.DatabaseException.class);
  }

  /**
   * A sleeper that records each wait and blocks until the test releases it (or opens it for good).
   */
  static final class GateSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean open;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      sleeps.add(duration);
      if (!open) {
        permits.acquire();
      }
    }

    void release(int n) {
      permits.release(n);
    }

    void open() {
      open = true;
      permits.release(10_000);
    }
  }
}
