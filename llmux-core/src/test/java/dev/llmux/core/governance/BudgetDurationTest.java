package dev.llmux.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetDurationTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static BudgetDuration.Period p(String d, String at, ZoneId zone) {
    return BudgetDuration.parse(d).periodAt(Instant.parse(at), zone);
  }

  private static BudgetDuration.Period period(String start, String end) {
    return new BudgetDuration.Period(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void dayResetsAtMidnightInTheZone() {
    // 23:59:59 in Paris on Jan 1 is 22:59:59 UTC
    assertThat(p("1d", "2026-01-01T22:59:59Z", PARIS))
        .isEqualTo(period("2025-12-31T23:00:00Z", "2026-01-01T23:00:00Z"));
    assertThat(p("1d", "2026-01-01T23:00:00Z", PARIS))
        .isEqualTo(period("2026-01-01T23:00:00Z", "2026-01-02T23:00:00Z"));
    assertThat(p("1d", "2026-01-01T23:00:00Z", ZoneOffset.UTC))
        .isEqualTo(period("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"));
  }

  @Test
  void dayAcrossDaylightSavingIs23Or25Hours() {
    assertThat(p("1d", "2026-03-29T12:00:00Z", PARIS))
        .isEqualTo(period("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"));
    assertThat(p("1d", "2026-10-25T12:00:00Z", PARIS))
        .isEqualTo(period("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"));
  }

  @Test
  void monthResetsOnTheFirstInTheZone() {
    assertThat(p("1mo", "2026-01-31T22:59:59Z", PARIS))
        .isEqualTo(period("2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z"));
    assertThat(p("1mo", "2026-01-31T23:00:00Z", PARIS))
        .isEqualTo(period("2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z"));
    assertThat(p("1mo", "2028-02-15T00:00:00Z", ZoneOffset.UTC)) // leap year
        .isEqualTo(period("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
    assertThat(p("3mo", "2026-05-10T00:00:00Z", ZoneOffset.UTC))
        .isEqualTo(period("2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z"));
    assertThat(p("12mo", "2026-12-31T23:59:59Z", ZoneOffset.UTC))
        .isEqualTo(period("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"));
  }

  @Test
  void weekStartsOnMondayAndLongerDayPeriodsAreFixed() {
    // 2026-01-01 is a Thursday; its ISO week started Monday 2025-12-29
    assertThat(p("7d", "2026-01-01T10:00:00Z", ZoneOffset.UTC))
        .isEqualTo(period("2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z"));
    BudgetDuration.Period thirty = p("30d", "2026-01-01T10:00:00Z", ZoneOffset.UTC);
    assertThat(java.time.Duration.between(thirty.start(), thirty.end())).hasDays(30);
    assertThat(thirty.start()).isBeforeOrEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(p("30d", thirty.end().toString(), ZoneOffset.UTC).start()).isEqualTo(thirty.end());
  }

  @Test
  void minutesAndHoursAlignToTheWallClock() {
    assertThat(p("30m", "2026-01-01T10:47:12Z", ZoneOffset.UTC))
        .isEqualTo(period("2026-01-01T10:30:00Z", "2026-01-01T11:00:00Z"));
    assertThat(p("1h", "2026-01-01T10:47:12Z", ZoneOffset.UTC))
        .isEqualTo(period("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"));
    // India is UTC+05:30: its hours start at :30 UTC
    assertThat(p("1h", "2026-01-01T10:47:12Z", ZoneId.of("Asia/Kolkata")))
        .isEqualTo(period("2026-01-01T10:30:00Z", "2026-01-01T11:30:00Z"));
    assertThat(p("6h", "2026-01-01T05:00:00Z", PARIS)) // 06:00 in Paris
        .isEqualTo(period("2026-01-01T05:00:00Z", "2026-01-01T11:00:00Z"));
  }

  @Test
  void parsingRejectsWhatCannotAlign() {
    assertThat(BudgetDuration.parse("1mo").toString()).isEqualTo("1mo");
    assertThatThrownBy(() -> BudgetDuration.parse("7m")).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> BudgetDuration.parse("5h")).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> BudgetDuration.parse("5mo")).hasMessageContaining("divide a year");
    assertThatThrownBy(() -> BudgetDuration.parse("1w"))
        .hasMessageContaining("invalid budget duration");
    assertThatThrownBy(() -> BudgetDuration.parse("0d"))
        .hasMessageContaining("invalid budget duration");
    assertThatThrownBy(() -> BudgetDuration.parse("d"))
        .hasMessageContaining("invalid budget duration");
  }
}
