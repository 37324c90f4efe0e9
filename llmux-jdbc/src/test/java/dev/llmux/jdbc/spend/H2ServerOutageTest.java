package dev.llmux.jdbc.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.CallRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * A real outage: the H2 TCP server the writer talks to is stopped and started again on the same
 * port. Rows written before, buffered during, and written after the outage are all there, once.
 */
class H2ServerOutageTest {

  @Test
  void rowsBufferedWhileTheServerIsStoppedAreWrittenWhenItIsBack() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = server.getPort();
    String url = "jdbc:h2:tcp://localhost:" + port + "/mem:spend-outage;DB_CLOSE_DELAY=-1";
    SpendTestDatabases.migrate(url);
    SpendLogContractTest.GateSleeper sleeper = new SpendLogContractTest.GateSleeper();
    SpendTestDatabases.SwitchableDataSource ds = new SpendTestDatabases.SwitchableDataSource(url);
    List<String> ids = new ArrayList<>();
    try (SpendLog log =
        SpendLog.builder(ds)
            .sleeper(sleeper)
            .settings(
                SpendSettings.DEFAULTS.withFlushInterval(Duration.ofHours(1)).withBatchSize(10))
            .build()) {
      for (int i = 0; i < 5; i++) {
        ids.add(call(log, i));
      }
      assertThat(log.writer().flush(Duration.ofSeconds(30))).isTrue();

      server.stop();
      for (int i = 5; i < 25; i++) {
        ids.add(call(log, i));
      }
      SpendLogContractTest.await(
          () -> sleeper.sleeps.size() >= 1, "a failed write while the server is stopped");
      assertThat(log.writer().buffered()).isEqualTo(20);

      server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
      sleeper.open();
      assertThat(log.writer().flush(Duration.ofSeconds(30))).isTrue();
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT call_id) FROM llmux_spend_logs")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(25);
        assertThat(rs.getLong(2)).isEqualTo(25);
      }
      assertThat(log.total(SpendGroupBy.KEY, "k1").requests()).isEqualTo(25);
      for (String id : ids) {
        assertThat(log.log(id)).isPresent();
      }
      assertThat(log.writer().dropped()).isZero();
    } finally {
      server.stop();
    }
  }

  private static String call(SpendLog log, int i) {
    CallRecord r =
        SpendLogContractTest.rec(
            SpendLogContractTest.id(),
            Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i),
            "k1",
            "m",
            1,
            1,
            0.01);
    log.writer().onCall(r);
    return r.id();
  }
}
