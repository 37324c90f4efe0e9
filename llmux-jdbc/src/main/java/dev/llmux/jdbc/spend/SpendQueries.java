package dev.llmux.jdbc.spend;

import dev.llmux.jdbc.Page;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The read side of the spend log (SQL on the logs and the daily aggregates). */
final class SpendQueries {
  private final DataSource ds;

  SpendQueries(DataSource ds) {
    this.ds = ds;
  }

  Page<SpendRow> logs(SpendLogFilter f) {
    throw new UnsupportedOperationException("not yet");
  }

  Optional<SpendRow> log(String callId) {
    throw new UnsupportedOperationException("not yet");
  }

  List<SpendTotal> totals(SpendGroupBy by, SpendFilter f) {
    throw new UnsupportedOperationException("not yet");
  }

  List<DailyActivity> activity(SpendFilter f) {
    throw new UnsupportedOperationException("not yet");
  }

  SpendTotal total(SpendGroupBy by, String id) {
    throw new UnsupportedOperationException("not yet");
  }
}
