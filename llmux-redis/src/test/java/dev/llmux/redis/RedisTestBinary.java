package dev.llmux.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The redis-server binary the embedded-redis test artifact ships, extracted to a directory and run
 * as a plain process (for set-ups embedded-redis does not start itself: a cluster, a sentinel).
 */
final class RedisTestBinary {
  private RedisTestBinary() {}

  static String resource() {
    String os = System.getProperty("os.name").toLowerCase();
    String arch = System.getProperty("os.arch");
    boolean arm = arch.contains("aarch64") || arch.contains("arm");
    if (os.contains("linux")) {
      return arm ? "/redis-server-6.2.7-linux-arm64" : "/redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("mac")) {
      return arm ? "/redis-server-6.2.6-v5-darwin-arm64" : "/redis-server-6.2.6-v5-darwin-amd64";
    }
    throw new IllegalStateException("no embedded redis-server binary for " + os + "/" + arch);
  }

  /** Copies the binary to {@code dir/redis-server}, executable. */
  static Path extract(Path dir) throws IOException {
    Path bin = dir.resolve("redis-server");
    try (InputStream in = RedisTestBinary.class.getResourceAsStream(resource())) {
      if (in == null) {
        throw new IllegalStateException("binary not on the class path: " + resource());
      }
      Files.copy(in, bin, StandardCopyOption.REPLACE_EXISTING);
    }
    bin.toFile().setExecutable(true);
    return bin;
  }

  /** Runs {@code bin args...}, output to {@code log}. */
  static Process start(Path bin, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Stops {@code p} (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
