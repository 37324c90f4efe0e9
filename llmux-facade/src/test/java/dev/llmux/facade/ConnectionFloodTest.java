package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection floods without a key, at the socket level (issue 18, item 1), against the default
 * limits ({@code max_connections} 1024): 1,100 connections that trickle a header line every second
 * (slowloris), and 2,000 connections that send nothing. Either used to keep {@code /health/live}
 * unreachable for as long as they stayed: trickled headers were never timed out, and at the
 * connection cap new connections wait in the backlog.
 */
class ConnectionFloodTest {

  /** Non-blocking client connections to one port, loopback only; every loop is bounded. */
  static final class Flood implements AutoCloseable {
    final List<SocketChannel> channels = new ArrayList<>();
    final Selector selector;

    Flood(int port, int count) throws IOException {
      selector = Selector.open();
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
      for (int i = 0; i < count; i++) {
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        c.connect(to);
        c.register(selector, SelectionKey.OP_CONNECT);
        channels.add(c);
      }
      finishConnects(2_000);
    }

    /** Completes the connects the server's backlog took, for at most {@code millis}. */
    void finishConnects(long millis) throws IOException {
      long end = System.nanoTime() + millis * 1_000_000;
      while (System.nanoTime() < end) {
        if (selector.select(50) == 0) {
          continue;
        }
        for (SelectionKey k : selector.selectedKeys()) {
          SocketChannel c = (SocketChannel) k.channel();
          try {
            if (c.finishConnect()) {
              k.interestOps(0);
            }
          } catch (IOException e) {
            k.cancel();
          }
        }
        selector.selectedKeys().clear();
      }
    }

    /** Writes {@code bytes} on every connected channel; returns how many took them. */
    int send(String bytes) {
      int ok = 0;
      for (SocketChannel c : channels) {
        if (!c.isConnected()) {
          continue;
        }
        try {
          c.write(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.US_ASCII)));
          ok++;
        } catch (IOException e) {
          // closed by the server
        }
      }
      return ok;
    }

    @Override
    public void close() throws IOException {
      for (SocketChannel c : channels) {
        c.close();
      }
      selector.close();
    }
  }

  /**
   * Keeps {@code flood} trickling a header line every second in the background (at most {@code
   * rounds} times) while {@code check} runs.
   */
  static void whileTrickling(Flood flood, int rounds, ThrowingRunnable check) throws Exception {
    Thread t =
        new Thread(
            () -> {
              for (int i = 0; i < rounds && !Thread.currentThread().isInterrupted(); i++) {
                try {
                  flood.finishConnects(10);
                  flood.send("X-Trickle-" + i + ": a\r\n");
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (IOException e) {
                  // keep going
                }
              }
            });
    t.setDaemon(true);
    t.start();
    try {
      check.run();
    } finally {
      t.interrupt();
      t.join(10_000);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void slowlorisDoesNotLockOutHealth() throws Exception {
    try (Harness h = new Harness(ServerConfig.builder().port(0).build());
        Flood flood = new Flood(h.server.port(), 1_100)) {
      flood.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      whileTrickling(
          flood,
          60,
          () -> {
            HttpResponse<String> live = h.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
          });
    }
  }

  @Test
  void idleConnectionsDoNotLockOutHealth() throws Exception {
    try (Harness h = new Harness(ServerConfig.builder().port(0).build());
        Flood flood = new Flood(h.server.port(), 2_000)) {
      HttpResponse<String> live = h.get("/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
    }
  }
}
