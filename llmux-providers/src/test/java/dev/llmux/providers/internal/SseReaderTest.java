package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.error.UpstreamServerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseEvent> readAll(String text) throws IOException {
    return readAll(new SseReader(new Buffer().writeUtf8(text).inputStream()));
  }

  private static List<SseEvent> readAll(SseReader reader) throws IOException {
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent e = reader.next(); e != null; e = reader.next()) {
      events.add(e);
    }
    return events;
  }

  @Test
  void dataWithAndWithoutSpace() throws IOException {
    assertThat(readAll("data: {\"a\":1}\n\ndata:{\"b\":2}\n\n"))
        .containsExactly(new SseEvent(null, "{\"a\":1}"), new SseEvent(null, "{\"b\":2}"));
  }

  @Test
  void onlyOneLeadingSpaceIsDropped() throws IOException {
    assertThat(readAll("data:  two spaces\n\n")).containsExactly(new SseEvent(null, " two spaces"));
  }

  @Test
  void multiLineDataIsJoinedWithNewline() throws IOException {
    assertThat(readAll("data: first\ndata: second\ndata:\n\n"))
        .containsExactly(new SseEvent(null, "first\nsecond\n"));
  }

  @Test
  void eventFieldNamesTheEvent() throws IOException {
    assertThat(readAll("event: error\ndata: {\"error\":{}}\n\ndata: x\n\n"))
        .containsExactly(new SseEvent("error", "{\"error\":{}}"), new SseEvent(null, "x"));
  }

  @Test
  void commentsIdsRetriesAndBlankRunsAreSkipped() throws IOException {
    assertThat(
            readAll(
                ": keep-alive\n\n\n\nid: 7\nretry: 100\ndata: a\n: inside\n\n: keep-alive\n\ndata: b\n\n"))
        .containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
  }

  @Test
  void crlfLineEnds() throws IOException {
    assertThat(readAll("data: a\r\ndata: b\r\n\r\ndata: [DONE]\r\n\r\n"))
        .containsExactly(new SseEvent(null, "a\nb"), new SseEvent(null, "[DONE]"));
  }

  @Test
  void doneIsAnEventTheCallerInterprets() throws IOException {
    List<SseEvent> events = readAll("data: x\n\ndata: [DONE]\n\n");
    assertThat(events).hasSize(2);
    assertThat(events.get(1).isDone()).isTrue();
    assertThat(events.get(0).isDone()).isFalse();
  }

  @Test
  void eofWithoutBlankLineDispatchesThePendingEvent() throws IOException {
    assertThat(readAll("data: a\n\ndata: [DONE]"))
        .containsExactly(new SseEvent(null, "a"), new SseEvent(null, "[DONE]"));
    assertThat(readAll("data: a\n")).containsExactly(new SseEvent(null, "a"));
  }

  @Test
  void eofAfterAnEventEndsNormallyAndStaysEnded() throws IOException {
    SseReader reader = new SseReader(new Buffer().writeUtf8("data: a\n\n").inputStream());
    assertThat(reader.next()).isEqualTo(new SseEvent(null, "a"));
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
    assertThat(reader.sawEvent()).isTrue();
  }

  @Test
  void eofBeforeAnyEventIsAnUpstreamError() {
    assertThatThrownBy(() -> readAll(""))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("stream ended before any data");
    assertThatThrownBy(() -> readAll(": keep-alive\n\nevent: ping\n\n"))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("stream ended before any data");
  }

  @Test
  void veryLongLineIsRead() throws IOException {
    String big = "x".repeat(3 * 1024 * 1024);
    assertThat(readAll("data: " + big + "\n\ndata: [DONE]\n\n").get(0).data())
        .hasSize(big.length());
  }

  @Test
  void lineOverTheLimitFails() {
    SseReader reader =
        new SseReader(
            new Buffer().writeUtf8("data: " + "x".repeat(2000) + "\n\n").inputStream(),
            1000,
            false);
    assertThatThrownBy(reader::next)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("exceeds 1000 bytes");
  }

  @Test
  void eventOverTheLimitAcrossLinesFails() {
    String line = "data: " + "y".repeat(400) + "\n";
    SseReader reader =
        new SseReader(new Buffer().writeUtf8(line.repeat(5) + "\n").inputStream(), 1000, false);
    assertThatThrownBy(reader::next)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("exceeds 1000 bytes");
  }

  @Test
  void unterminatedLineOverTheLimitFails() {
    SseReader reader =
        new SseReader(
            new Buffer().writeUtf8("data: " + "z".repeat(5000)).inputStream(), 1000, false);
    assertThatThrownBy(reader::next).isInstanceOf(UpstreamServerException.class);
  }

  @Test
  void fieldWithoutColonAndUnicode() throws IOException {
    assertThat(readAll("data\n\ndata: héllo 👋\n\n"))
        .containsExactly(new SseEvent(null, ""), new SseEvent(null, "héllo 👋"));
  }
}
