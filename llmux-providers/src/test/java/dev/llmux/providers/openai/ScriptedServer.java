package dev.llmux.providers.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP/1.1 upstream for stream-timing tests that WireMock cannot express (a fast first event
 * followed by a long gap): it answers every request with a 200 event stream made of the scripted
 * writes and pauses, then closes the connection. A pause is the fake upstream being slow, like
 * WireMock's delays; it ends early when the server is closed.
 */
final class ScriptedServer implements AutoCloseable {
  sealed interface Step permits Write, Pause {}

  record Write(String text) implements Step {}

  record Pause(long millis) implements Step {}

  static Step write(String text) {
    return new Write(text);
  }

  static Step pause(long millis) {
    return new Pause(millis);
  }

  private final ServerSocket server;
  private final String headers;
  private final List<Step> script;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;

  ScriptedServer(List<Step> script) throws IOException {
    this("Connection: close\r\n", script);
  }

  /** {@code headers}: extra response header lines, each ending with CRLF. */
  ScriptedServer(String headers, List<Step> script) throws IOException {
    this.headers = headers;
    this.script = List.copyOf(script);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "scripted-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        readRequest(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (Step step : script) {
          if (step instanceof Write w) {
            out.write(w.text().getBytes(StandardCharsets.UTF_8));
            out.flush();
          } else if (step instanceof Pause p && closed.await(p.millis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (IOException e) {
        // The client went away (for example it timed out); serve the next connection.
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.readNBytes((int) length);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
  }
}
