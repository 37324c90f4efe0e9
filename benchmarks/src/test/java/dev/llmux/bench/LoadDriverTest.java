package dev.llmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts and shapes only: no timing is asserted. */
class LoadDriverTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() throws Exception {
    mock = new MockUpstream(new MockUpstream.Options("127.0.0.1", 0, 0, 3, 0)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    mock.close();
  }

  private static String[] args(String... extra) {
    String[] base = {
      "--url",
      mock.baseUrl() + "/chat/completions",
      "--warmup-s",
      "0",
      "--duration-s",
      "0.4",
      "--cpu-pids",
      Long.toString(ProcessHandle.current().pid())
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void closedLoopRecordsRequestsWithoutErrors() throws Exception {
    LoadDriver.Result r = new LoadDriver(LoadDriver.parse(args("--connections", "2"))).run();
    // each connection's first request starts in the window, so it counts however long it takes
    assertThat(r.requests()).isGreaterThanOrEqualTo(2);
    assertThat(r.errors()).isZero();
    assertThat(r.ttft().getTotalCount()).isZero();
    assertThat(r.csv().split(",", -1)).hasSize(LoadDriver.CSV_HEADER.split(",").length);
  }

  @Test
  void closedLoopStreamingRecordsTimeToFirstToken() throws Exception {
    LoadDriver.Result r =
        new LoadDriver(LoadDriver.parse(args("--connections", "2", "--stream"))).run();
    assertThat(r.errors()).isZero();
    assertThat(r.ttft().getTotalCount()).isEqualTo(r.requests()).isPositive();
  }

  @Test
  void openLoopSendsAtTheRate() throws Exception {
    LoadDriver.Result r =
        new LoadDriver(LoadDriver.parse(args("--mode", "open", "--rate", "50"))).run();
    assertThat(r.errors()).isZero();
    // 50/s over 0.4 s: 20 requests are due in the window, and each counts however late it ends
    assertThat(r.requests()).isBetween(19L, 21L);
  }

  @Test
  void openLoopQueuesBehindBusyWorkersAndCountsOverflowAsErrors() throws Exception {
    try (MockUpstream slow =
        new MockUpstream(new MockUpstream.Options("127.0.0.1", 0, 200_000, 3, 0)).start()) {
      String[] a =
          args("--mode", "open", "--rate", "50", "--connections", "1", "--max-in-flight", "2");
      a[1] = slow.baseUrl() + "/chat/completions";
      LoadDriver.Result r = new LoadDriver(LoadDriver.parse(a)).run();
      // one worker, 200 ms per answer: the schedule keeps going, the queue fills, the rest overflow
      assertThat(r.errors()).isPositive();
      assertThat(r.requests()).isPositive();
      assertThat(r.requests() + r.errors()).isBetween(19L, 21L);
    }
  }

  @Test
  void wrongUrlCountsErrors() throws Exception {
    String[] a = args("--connections", "1");
    a[1] = mock.baseUrl() + "/nope";
    LoadDriver.Result r = new LoadDriver(LoadDriver.parse(a)).run();
    assertThat(r.requests()).isZero();
    assertThat(r.errors()).isPositive();
  }

  @Test
  void reportComparesEachTargetWithDirect(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("r.csv");
    Files.write(
        csv,
        List.of(
            LoadDriver.CSV_HEADER,
            "direct,s1,closed,100,0,10.0,20000,0,2000.0,50.1,50.0,51.0,52.0,,,0.0100",
            "facade,s1,closed,100,0,10.0,19000,0,1900.0,51.1,50.5,53.0,55.0,,,0.0500"));
    String md = Report.markdown(Files.readAllLines(csv), "caption");
    assertThat(md)
        .contains("### s1")
        .contains("| facade | 100 | 1900.0 | 0.950 |")
        .contains("+0.500 | +2.000");
  }
}
