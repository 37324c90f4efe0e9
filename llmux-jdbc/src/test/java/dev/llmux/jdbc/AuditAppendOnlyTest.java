package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The audit log is append-only: no main source of this module updates or deletes its rows. */
class AuditAppendOnlyTest {
  @Test
  void noCodePathUpdatesOrDeletesAuditRows() throws IOException {
    List<Path> sources;
    try (Stream<Path> s = Files.walk(Path.of("src/main"))) {
      sources = s.filter(Files::isRegularFile).toList();
    }
    assertThat(sources).anyMatch(p -> p.toString().endsWith("StoreBase.java"));
    for (Path p : sources) {
      String text = Files.readString(p).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      assertThat(text)
          .as(p.toString())
          .doesNotContain("update llmux_audit_log")
          .doesNotContain("delete from llmux_audit_log")
          .doesNotContain("truncate table llmux_audit_log");
    }
  }
}
