package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request bodies slowly, at the socket level (issue 18, item 2): on Java 17
 * each request in flight held one of {@code max_threads} platform threads while its body arrived,
 * so a few hundred slow senders with a valid key froze chat, health and models for everyone.
 */
class SlowBodyTest {

  /** A POST whose headers announce {@code length} body bytes; the body is sent by the caller. */
  static Socket startPost(int port, String path, int length) throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + length
            + "\r\n\r\n";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void slowBodiesHoldNoThreadSoHealthAndChatKeepWorking() throws Exception {
    // 16 threads (the least allowed), 40 clients each sending a 1 MB body at 4 KB/s: above the
    // minimum data rate, so they are legitimate but slow, and each would take minutes
    int clients = 40;
    try (Harness h = new Harness(ServerConfig.builder().port(0).maxThreads(16).build())) {
      int port = h.server.port();
      List<Socket> slow = new ArrayList<>();
      try {
        String prefix =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"";
        for (int i = 0; i < clients; i++) {
          Socket s = startPost(port, "/v1/chat/completions", 1_000_000);
          s.getOutputStream().write(prefix.getBytes(StandardCharsets.US_ASCII));
          slow.add(s);
        }
        byte[] piece = "a".repeat(2048).getBytes(StandardCharsets.US_ASCII);
        // keep them sending while the others are served (a bounded number of rounds)
        Thread sender =
            new Thread(
                () -> {
                  for (int round = 0;
                      round < 60 && !Thread.currentThread().isInterrupted();
                      round++) {
                    for (Socket s : slow) {
                      try {
                        s.getOutputStream().write(piece);
                      } catch (Exception e) {
                        // cut by the server: fine
                      }
                    }
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        sender.setDaemon(true);
        sender.start();
        try {
          for (int i = 0; i < 5; i++) {
            HttpResponse<String> live = h.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
          }
          HttpResponse<String> chat =
              h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"));
          assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
          assertThat(h.get("/v1/models").statusCode()).isEqualTo(200);
        } finally {
          sender.interrupt();
          sender.join(10_000);
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aBodyBelowTheMinimumDataRateIsCutWith408() throws Exception {
    try (Harness h = new Harness(ServerConfig.builder().port(0).build())) {
      byte[] body = Harness.chatBody("gpt-4o-mini").getBytes(StandardCharsets.US_ASCII);
      try (Socket s = startPost(h.server.port(), "/v1/chat/completions", body.length)) {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        // a valid body, one byte every 300 ms (about 3 bytes/s, far below the default 1 KiB/s);
        // the body is never completed
        String answer = null;
        for (int i = 0; i < Math.min(66, body.length - 1) && answer == null; i++) {
          try {
            out.write(body[i]);
            out.flush();
          } catch (Exception e) {
            break; // closed by the server: its answer, if any, is there to read
          }
          Thread.sleep(300);
          if (in.available() > 0) {
            answer = read(in);
          }
        }
        if (answer == null) {
          answer = read(in);
        }
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(answer).contains("request_timeout").containsIgnoringCase("connection: close");
      }
    }
  }

  static String read(InputStream in) throws Exception {
    byte[] buf = new byte[8192];
    StringBuilder sb = new StringBuilder();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        if (sb.indexOf("\r\n\r\n") > 0 && sb.indexOf("}}") > 0) {
          break;
        }
      }
    } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
      // what arrived is the answer
    }
    return sb.toString();
  }
}
