package dev.llmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamHolderTest {
  @Test
  void readsLinesEndingInCrLfOrLf() throws Exception {
    ByteArrayInputStream in =
        new ByteArrayInputStream(
            "HTTP/1.1 200 OK\r\na: b\n\r\ndata: x".getBytes(StandardCharsets.US_ASCII));
    assertThat(StreamHolder.line(in)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(StreamHolder.line(in)).isEqualTo("a: b");
    assertThat(StreamHolder.line(in)).isEmpty();
    assertThat(StreamHolder.line(in)).isEqualTo("data: x");
    assertThat(StreamHolder.line(in)).isNull();
  }

  @Test
  void parsesTheUsedHeapOfGcHeapInfo() {
    String g1 =
        "12345:\n garbage-first heap   total 524288K, used 23456K [0x0000000080000000, 0x0000000100000000)\n"
            + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n";
    assertThat(StreamHolder.usedKb(g1)).isEqualTo(23456);
    assertThat(StreamHolder.usedKb("no heap here")).isEqualTo(-1);
  }

  @Test
  void holdsStreamsAgainstTheMockAndCountsThemComplete() throws Exception {
    try (MockUpstream mock =
        new MockUpstream(new MockUpstream.Options("127.0.0.1", 0, 0, 3, 1_000)).start()) {
      StreamHolder h = new StreamHolder("127.0.0.1", mock.port(), "mock-gpt", 2, "sk-test");
      h.stream();
      h.stream();
      assertThat(h.errorCount()).isZero();
      assertThat(h.firstEvents()).isEqualTo(2);
      assertThat(h.openNow()).isZero();
    }
  }

  @Test
  void aRefusedConnectionIsAnError() {
    StreamHolder h = new StreamHolder("127.0.0.1", 1, "mock-gpt", 1, "sk-test");
    h.stream();
    assertThat(h.errorCount()).isEqualTo(1);
    assertThat(h.firstEvents()).isZero();
  }
}
