package dev.llmux.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6: holds many slow streams open at once through a target and measures what each open
 * stream costs the target process: heap after a full GC and OS threads, against the idle target.
 *
 * <p>Each stream is one HTTP/1.1 connection (a plain socket, one virtual thread each, so the driver
 * itself holds 10,000 streams cheaply; needs Java 21+) sending a streamed chat request and reading
 * SSE lines until {@code [DONE]}. Streams are opened at {@code --ramp-per-s}; once every stream has
 * its first event (or failed), or {@code --settle-s} after the ramp, the target's heap is measured
 * with {@code jcmd <pid> GC.run} then {@code GC.heap_info} (used, after the full GC) and its
 * threads from {@code /proc/<pid>/status}. Then the driver waits for the streams to end and counts
 * errors (a status other than 200, a connection failure, a stream that ended without {@code
 * [DONE]}). One Markdown row is appended to {@code --md}, one CSV row to {@code --csv}.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.llmux.bench.StreamHolder --port 9400 --model s-slow --streams 1000 \
 *     --pid 1234 --jcmd /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd --md s6.md --csv s6.csv
 * }</pre>
 */
public final class StreamHolder {
  static final String CSV_HEADER =
      "target,streams,opened,errors,ttft_p50_ms,ttft_p99_ms,idle_heap_kb,heap_kb,"
          + "heap_kb_per_stream,idle_threads,threads,threads_per_stream,first_error";
  static final String MD_HEADER =
      "| target | streams | held at once | errors | TTFT p50 ms | TTFT p99 ms "
          + "| idle heap MB | heap MB | **heap KB / stream** | idle threads | threads | threads / stream |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private final String host;
  private final int port;
  private final byte[] request;
  private final int streams;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger firstSeen = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final Histogram ttft = new ConcurrentHistogram(3_600_000_000L, 3);

  StreamHolder(String host, int port, String model, int streams, String key) {
    this.host = host;
    this.port = port;
    this.streams = streams;
    byte[] body =
        String.format(Locale.ROOT, LoadDriver.CHAT_BODY, model, ",\"stream\":true")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\n"
            + "Content-Type: application/json\r\nAuthorization: Bearer "
            + key
            + "\r\n"
            + "Accept: text/event-stream\r\nConnection: close\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(body);
    this.request = b.toByteArray();
  }

  /** One stream, start to end. */
  void stream() {
    long t0 = System.nanoTime();
    boolean counted = false;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 30_000);
      s.setSoTimeout(120_000);
      open.incrementAndGet();
      counted = true;
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 2048);
      String status = line(in);
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        fail("status: " + status);
        return;
      }
      boolean first = false;
      String l;
      while ((l = line(in)) != null) {
        if (l.startsWith("data:")) {
          if (!first) {
            first = true;
            ttft.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            firstSeen.incrementAndGet();
          }
          if (l.contains("[DONE]")) {
            return;
          }
        }
      }
      fail("the stream ended without [DONE]");
    } catch (IOException e) {
      fail(e.toString());
    } finally {
      if (counted) {
        open.decrementAndGet();
      }
      ended.incrementAndGet();
    }
  }

  int errorCount() {
    return errors.get();
  }

  int firstEvents() {
    return firstSeen.get();
  }

  int openNow() {
    return open.get();
  }

  private void fail(String why) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, why);
  }

  /** One line without its terminator (CR LF or LF), or {@code null} at the end of the stream. */
  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** Heap used after a full GC, in KB, from {@code jcmd}; -1 when unknown. */
  static long heapAfterFullGc(String jcmd, long pid) {
    try {
      run(jcmd, Long.toString(pid), "GC.run");
      return usedKb(run(jcmd, Long.toString(pid), "GC.heap_info"));
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  /** The heap's {@code used NNNK} from {@code GC.heap_info}; -1 when absent. */
  static long usedKb(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The {@code Threads:} line of {@code /proc/<pid>/status}; -1 when unknown. */
  static int threads(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("Threads:")) {
          return Integer.parseInt(l.substring(8).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    return out;
  }

  static ExecutorService virtualThreads() {
    try {
      Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "scenario 6 needs Java 21+ (virtual threads) for the driver", e);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    String host = a.get("host", "127.0.0.1");
    int port = a.integer("port", 9400);
    int n = a.integer("streams", 1000);
    int ramp = a.integer("ramp-per-s", 1000);
    double settleS = a.decimal("settle-s", 30);
    long pid = Long.parseLong(a.required("pid"));
    String jcmd = a.get("jcmd", "jcmd");
    String target = a.get("target", "facade");
    StreamHolder h =
        new StreamHolder(host, port, a.get("model", "s-slow"), n, a.get("key", "sk-bench"));

    long idleHeap = heapAfterFullGc(jcmd, pid);
    int idleThreads = threads(pid);
    System.out.printf(
        Locale.ROOT, "s6 %d streams: idle heap %d KB, %d threads%n", n, idleHeap, idleThreads);

    ExecutorService vts = virtualThreads();
    long start = System.nanoTime();
    double period = 1e9 / ramp;
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * period);
      long left;
      while ((left = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(left);
      }
      vts.execute(h::stream);
    }
    long settleEnd = System.nanoTime() + (long) (settleS * 1e9);
    while (h.firstSeen.get() + h.errors.get() < n && System.nanoTime() < settleEnd) {
      Thread.sleep(100);
    }
    int heldAtMeasure = h.open.get();
    long heap = heapAfterFullGc(jcmd, pid);
    int threads = threads(pid);
    int held = Math.min(heldAtMeasure, h.open.get());
    System.out.printf(
        Locale.ROOT,
        "s6 %d streams: %d open, %d with a first event, %d errors; heap %d KB, %d threads%n",
        n,
        held,
        h.firstSeen.get(),
        h.errors.get(),
        heap,
        threads);

    vts.shutdown();
    vts.awaitTermination(a.integer("max-wait-s", 600), TimeUnit.SECONDS);
    double perStream =
        held > 0 && heap >= 0 && idleHeap >= 0 ? (heap - idleHeap) / (double) held : Double.NaN;
    double threadsPer = held > 0 ? (threads - idleThreads) / (double) held : Double.NaN;
    String err =
        h.firstError.get() == null ? "" : h.firstError.get().replace(',', ';').replace('|', '/');
    double p50 =
        h.ttft.getTotalCount() == 0 ? Double.NaN : h.ttft.getValueAtPercentile(50) / 1000.0;
    double p99 =
        h.ttft.getTotalCount() == 0 ? Double.NaN : h.ttft.getValueAtPercentile(99) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "s6 %d streams: done, %d errors%s; %.1f KB heap and %.4f threads per open stream%n",
        n,
        h.errors.get(),
        err.isEmpty() ? "" : " (first: " + err + ")",
        perStream,
        threadsPer);

    String csv = a.get("csv", "");
    if (!csv.isEmpty()) {
      Path p = Path.of(csv);
      if (!Files.exists(p)) {
        Files.writeString(p, CSV_HEADER + "\n");
      }
      Files.writeString(
          p,
          String.join(
                  ",",
                  target,
                  Integer.toString(n),
                  Integer.toString(held),
                  Integer.toString(h.errors.get()),
                  fmt(p50),
                  fmt(p99),
                  Long.toString(idleHeap),
                  Long.toString(heap),
                  fmt(perStream),
                  Integer.toString(idleThreads),
                  Integer.toString(threads),
                  fmt(threadsPer),
                  err)
              + "\n",
          StandardOpenOption.APPEND);
    }
    String md = a.get("md", "");
    if (!md.isEmpty()) {
      Path p = Path.of(md);
      if (!Files.exists(p)) {
        Files.writeString(p, MD_HEADER);
      }
      Files.writeString(
          p,
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %s | %s | %.1f | %.1f | **%s** | %d | %d | %s |%n",
              target,
              n,
              held,
              h.errors.get(),
              fmt(p50),
              fmt(p99),
              idleHeap / 1024.0,
              heap / 1024.0,
              fmt(perStream),
              idleThreads,
              threads,
              fmt(threadsPer)),
          StandardOpenOption.APPEND);
    }
    System.exit(0);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }
}
