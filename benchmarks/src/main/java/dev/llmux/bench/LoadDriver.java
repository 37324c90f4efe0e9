package dev.llmux.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load driver (JDK HttpClient, HTTP/1.1 keep-alive).
 *
 * <ul>
 *   <li>{@code --mode closed}: {@code --connections N} threads each send, wait for the whole
 *       answer, send again. Latency is the time of each request. With {@code --stream}, the time to
 *       the first {@code data:} event is recorded too.
 *   <li>{@code --mode open}: requests are due at a fixed {@code --rate} per second whatever
 *       happens, sent by {@code --connections} workers (keep-alive connections) from a queue the
 *       scheduler fills without ever waiting; each latency is measured from the request's
 *       <em>intended</em> start, so a stall shows in the percentiles instead of being hidden
 *       (coordinated omission corrected). At most {@code --max-in-flight} requests wait or run; the
 *       rest count as errors.
 * </ul>
 *
 * <p>{@code --warmup-s} runs first and is not recorded; {@code --duration-s} is measured: a request
 * counts when it started (closed loop) or was due (open loop) in the measured window, however late
 * it ends, so the slowest answers are never the ones left out. {@code --cpu-pids 12,34} reads
 * utime+stime of those processes from {@code /proc} at the start and end of the measured window and
 * reports CPU milliseconds per request. The result is printed and appended as one row to {@code
 * --csv FILE}.
 */
public final class LoadDriver {

  static final String CSV_HEADER =
      "target,scenario,mode,connections,rate,duration_s,requests,errors,rps,"
          + "mean_ms,p50_ms,p99_ms,p999_ms,ttft_p50_ms,ttft_p99_ms,cpu_ms_per_req";

  static final String CHAT_BODY =
      "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"Say hello in one short sentence.\"}]%s}";

  /** What one run measured; times in microseconds. */
  record Result(
      String target,
      String scenario,
      String mode,
      int connections,
      int rate,
      double durationS,
      long requests,
      long errors,
      Histogram latency,
      Histogram ttft,
      double cpuMsPerRequest) {

    double rps() {
      return requests / durationS;
    }

    String csv() {
      return String.join(
          ",",
          target,
          scenario,
          mode,
          Integer.toString(connections),
          Integer.toString(rate),
          fmt(durationS),
          Long.toString(requests),
          Long.toString(errors),
          fmt(rps()),
          ms(latency.getMean()),
          ms(latency.getValueAtPercentile(50)),
          ms(latency.getValueAtPercentile(99)),
          ms(latency.getValueAtPercentile(99.9)),
          ttft.getTotalCount() == 0 ? "" : ms(ttft.getValueAtPercentile(50)),
          ttft.getTotalCount() == 0 ? "" : ms(ttft.getValueAtPercentile(99)),
          Double.isNaN(cpuMsPerRequest) ? "" : String.format(Locale.ROOT, "%.4f", cpuMsPerRequest));
    }

    private static String ms(double micros) {
      return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
  }

  /** How to run. */
  record Config(
      URI url,
      String body,
      List<String[]> headers,
      String mode,
      int connections,
      int rate,
      double warmupS,
      double durationS,
      boolean stream,
      int maxInFlight,
      List<Long> cpuPids,
      int clkTck,
      String target,
      String scenario) {}

  private final Config config;
  private final HttpClient client;

  /** The first failure seen, printed with the result to tell a refused request from a slow one. */
  private final java.util.concurrent.atomic.AtomicReference<String> firstError =
      new java.util.concurrent.atomic.AtomicReference<>();

  LoadDriver(Config config) {
    this.config = config;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  private HttpRequest request() {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(config.url())
            .timeout(Duration.ofSeconds(60))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(config.body()));
    for (String[] h : config.headers()) {
      b.header(h[0], h[1]);
    }
    return b.build();
  }

  Result run() throws Exception {
    return "open".equals(config.mode()) ? open() : closed();
  }

  /** The first failure seen, or {@code null}. */
  String firstError() {
    return firstError.get();
  }

  private Result closed() throws Exception {
    HttpRequest request = request();
    long warmupEnd = System.nanoTime() + (long) (config.warmupS() * 1e9);
    long end = warmupEnd + (long) (config.durationS() * 1e9);
    Histogram[] lat = new Histogram[config.connections()];
    Histogram[] ttft = new Histogram[config.connections()];
    long[] errors = new long[config.connections()];
    long[] cpu = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < config.connections(); i++) {
      int n = i;
      lat[n] = new Histogram(3_600_000_000L, 3);
      ttft[n] = new Histogram(3_600_000_000L, 3);
      Thread t =
          new Thread(
              () -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                  boolean record = now >= warmupEnd;
                  long t0 = now;
                  long[] first = {0};
                  boolean ok = once(request, first);
                  long t1 = System.nanoTime();
                  if (record) {
                    if (ok) {
                      lat[n].recordValue(Math.max(1, (t1 - t0) / 1000));
                      if (first[0] != 0) {
                        ttft[n].recordValue(Math.max(1, (first[0] - t0) / 1000));
                      }
                    } else {
                      errors[n]++;
                    }
                  }
                }
              },
              "driver-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    sleepUntil(warmupEnd);
    cpu[0] = cpuTicks();
    sleepUntil(end);
    long cpuEnd = cpuTicks();
    for (Thread t : threads) {
      t.join(70_000);
    }
    Histogram all = new Histogram(3_600_000_000L, 3);
    Histogram allTtft = new Histogram(3_600_000_000L, 3);
    long errs = 0;
    for (int i = 0; i < lat.length; i++) {
      all.add(lat[i]);
      allTtft.add(ttft[i]);
      errs += errors[i];
    }
    return result(all, allTtft, errs, cpu[0], cpuEnd);
  }

  /**
   * The open loop, wrk2-style: a scheduler thread queues each request's intended start at the fixed
   * rate and never waits on anything else; {@code --connections} worker threads (each a keep-alive
   * connection in the client's pool) take intended starts off the queue and send. A request that
   * waits in the queue because every worker is busy is measured from its intended start, so the
   * target's stalls show in the percentiles (coordinated omission corrected) instead of slowing the
   * schedule. More than {@code --max-in-flight} requests waiting or running count as errors. The
   * lag of the scheduler itself (its wake-up after each intended start) is reported, to show the
   * driver kept its rate.
   */
  private Result open() throws Exception {
    HttpRequest request = request();
    ConcurrentHistogram lat = new ConcurrentHistogram(3_600_000_000L, 3);
    Histogram schedulerLag = new Histogram(3_600_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong pending = new AtomicLong();
    java.util.concurrent.LinkedBlockingQueue<Long> due =
        new java.util.concurrent.LinkedBlockingQueue<>();
    // each worker opens its connection with one unrecorded request before the schedule starts, so
    // the schedule does not begin with a backlog of connection set-ups
    java.util.concurrent.CountDownLatch connected =
        new java.util.concurrent.CountDownLatch(config.connections());
    long[] window =
        new long[1]; // the measured window's start, published to workers through the queue
    long stop = Long.MIN_VALUE;
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < config.connections(); w++) {
      Thread t =
          new Thread(
              () -> {
                long[] first = {0};
                once(request, first);
                connected.countDown();
                while (true) {
                  long intended;
                  try {
                    intended = due.take();
                  } catch (InterruptedException e) {
                    return;
                  }
                  if (intended == stop) {
                    return;
                  }
                  boolean ok = once(request, first);
                  long done = System.nanoTime();
                  pending.decrementAndGet();
                  if (intended >= window[0]) {
                    if (ok) {
                      lat.recordValue(Math.max(1, (done - intended) / 1000));
                    } else {
                      errors.incrementAndGet();
                    }
                  }
                }
              },
              "open-" + w);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    connected.await(60, TimeUnit.SECONDS);
    long start = System.nanoTime() + 10_000_000L;
    long warmupEnd = start + (long) (config.warmupS() * 1e9);
    long end = warmupEnd + (long) (config.durationS() * 1e9);
    window[0] = warmupEnd;
    double periodNanos = 1e9 / config.rate();
    long cpuStart = -1;
    long scheduled = 0;
    for (long i = 0; ; i++) {
      long intended = start + (long) (i * periodNanos);
      if (intended >= end) {
        break;
      }
      sleepUntil(intended);
      boolean record = intended >= warmupEnd;
      if (record) {
        if (cpuStart < 0) {
          cpuStart = cpuTicks();
        }
        schedulerLag.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
        scheduled++;
      }
      if (pending.incrementAndGet() > config.maxInFlight()) {
        pending.decrementAndGet();
        if (record) {
          errors.incrementAndGet();
          firstError.compareAndSet(
              null, "over --max-in-flight (" + config.maxInFlight() + " waiting or running)");
        }
        continue;
      }
      due.add(intended);
    }
    long cpuEnd = cpuTicks();
    for (int w = 0; w < workers.size(); w++) {
      due.add(stop);
    }
    for (Thread t : workers) {
      t.join(120_000);
    }
    System.err.printf(
        Locale.ROOT,
        "open loop: %d requests scheduled in %.1f s (%.1f/s, asked %d/s); scheduler lag "
            + "p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        scheduled,
        config.durationS(),
        scheduled / config.durationS(),
        config.rate(),
        schedulerLag.getValueAtPercentile(50) / 1000.0,
        schedulerLag.getValueAtPercentile(99) / 1000.0,
        schedulerLag.getMaxValue() / 1000.0);
    return result(lat, new Histogram(3_600_000_000L, 3), errors.get(), cpuStart, cpuEnd);
  }

  private Result result(Histogram lat, Histogram ttft, long errors, long cpuStart, long cpuEnd) {
    double cpuMs = Double.NaN;
    if (!config.cpuPids().isEmpty() && cpuStart >= 0 && cpuEnd >= 0 && lat.getTotalCount() > 0) {
      cpuMs = (cpuEnd - cpuStart) * 1000.0 / config.clkTck() / lat.getTotalCount();
    }
    return new Result(
        config.target(),
        config.scenario(),
        config.mode(),
        config.connections(),
        config.rate(),
        config.durationS(),
        lat.getTotalCount(),
        errors,
        lat,
        ttft,
        cpuMs);
  }

  /** One request; {@code first[0]} gets the time of the first SSE event when streaming. */
  private boolean once(HttpRequest request, long[] first) {
    try {
      if (!config.stream()) {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          firstError.compareAndSet(null, "HTTP " + r.statusCode());
        }
        return r.statusCode() == 200;
      }
      HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      boolean done = false;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("data:")) {
            if (first[0] == 0) {
              first[0] = System.nanoTime();
            }
            if (line.contains("[DONE]")) {
              done = true;
            }
          }
        }
      }
      return r.statusCode() == 200 && done;
    } catch (IOException e) {
      firstError.compareAndSet(null, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sum of utime+stime (clock ticks) of the configured processes; -1 when none. */
  private long cpuTicks() {
    if (config.cpuPids().isEmpty()) {
      return -1;
    }
    long sum = 0;
    for (long pid : config.cpuPids()) {
      sum += cpuTicks(pid);
    }
    return sum;
  }

  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state is field 3; utime and stime are fields 14 and 15
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(left, 50_000_000L));
    }
  }

  static Config parse(String[] argv) {
    Args a = new Args(argv);
    boolean stream = a.flag("stream");
    String model = a.get("model", "mock-gpt");
    String body = String.format(Locale.ROOT, CHAT_BODY, model, stream ? ",\"stream\":true" : "");
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"authorization", "Bearer " + a.get("key", "sk-bench")});
    String hs = a.get("headers", "");
    for (String h : hs.split(";")) {
      int eq = h.indexOf('=');
      if (eq > 0) {
        headers.add(new String[] {h.substring(0, eq).trim(), h.substring(eq + 1).trim()});
      }
    }
    List<Long> pids = new ArrayList<>();
    for (String p : a.get("cpu-pids", "").split(",")) {
      if (!p.isBlank()) {
        pids.add(Long.parseLong(p.trim()));
      }
    }
    return new Config(
        URI.create(a.required("url")),
        body,
        headers,
        a.get("mode", "closed"),
        a.integer("connections", 100),
        a.integer("rate", 1000),
        a.decimal("warmup-s", 3),
        a.decimal("duration-s", 10),
        stream,
        a.integer("max-in-flight", 10_000),
        pids,
        a.integer("clk-tck", 100),
        a.get("target", "target").replace(',', ';'),
        a.get("scenario", "scenario").replace(',', ';'));
  }

  public static void main(String[] argv) throws Exception {
    Config config = parse(argv);
    LoadDriver driver = new LoadDriver(config);
    Result r = driver.run();
    if (driver.firstError() != null) {
      System.err.println("first error: " + driver.firstError());
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s: %d requests, %d errors, %.0f rps, mean %.3f ms, p50 %.3f, p99 %.3f, "
            + "p99.9 %.3f%s%s%n",
        r.target(),
        r.scenario(),
        r.requests(),
        r.errors(),
        r.rps(),
        r.latency().getMean() / 1000,
        r.latency().getValueAtPercentile(50) / 1000.0,
        r.latency().getValueAtPercentile(99) / 1000.0,
        r.latency().getValueAtPercentile(99.9) / 1000.0,
        r.ttft().getTotalCount() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                ", ttft p50 %.3f p99 %.3f",
                r.ttft().getValueAtPercentile(50) / 1000.0,
                r.ttft().getValueAtPercentile(99) / 1000.0),
        Double.isNaN(r.cpuMsPerRequest())
            ? ""
            : String.format(Locale.ROOT, ", cpu %.4f ms/req", r.cpuMsPerRequest()));
    Args a = new Args(argv);
    String csv = a.get("csv", "");
    if (!csv.isEmpty()) {
      Path p = Path.of(csv);
      if (!Files.exists(p)) {
        Files.writeString(p, CSV_HEADER + "\n");
      }
      Files.writeString(p, r.csv() + "\n", StandardOpenOption.APPEND);
    }
    System.exit(0);
  }
}
