package dev.llmux.redis;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The Redis the tests use: {@code LLMUX_TEST_REDIS_URL} when set, otherwise a redis-server started
 * from the binary the embedded-redis test artifact ships (so only a JDK is needed), once per JVM.
 * Public (in the {@code llmux-redis:tests} jar) for the facade's tests.
 */
public final class RedisTestServer {
  private static String url;

  private RedisTestServer() {}

  public static synchronized String url() {
    if (url == null) {
      String env = System.getenv("LLMUX_TEST_REDIS_URL");
      if (env != null && !env.isBlank()) {
        url = env.trim();
      } else {
        Embedded server = Embedded.start(freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        url = server.url();
      }
    }
    return url;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A redis-server of this test JVM on 127.0.0.1, no persistence; can be stopped and started again.
   */
  public static final class Embedded {
    private final int port;
    private RedisServer server;

    private Embedded(int port) {
      this.port = port;
    }

    public static Embedded start(int port) {
      Embedded e = new Embedded(port);
      e.start();
      return e;
    }

    public synchronized void start() {
      try {
        server =
            RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "could not start the embedded redis-server on port " + port, e);
      }
    }

    public synchronized void stop() {
      if (server != null) {
        try {
          server.stop();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        server = null;
      }
    }

    public String url() {
      return "redis://127.0.0.1:" + port;
    }
  }
}
