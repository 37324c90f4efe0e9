package dev.llmux.core.governance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How often a budget resets: {@code Nm} (minutes), {@code Nh} (hours), {@code Nd} (days) or {@code
 * Nmo} (months), e.g. {@code 30m}, {@code 1h}, {@code 1d}, {@code 7d}, {@code 30d}, {@code 1mo}.
 * Periods are aligned to the calendar of a time zone, never to when a budget was created, so every
 * instance computes the same period from the time alone:
 *
 * <ul>
 *   <li>minutes and hours: periods of fixed length aligned to the zone's wall clock ({@code 30m}
 *       starts at :00 and :30, {@code 1h} on the hour, {@code 6h} at 00:00, 06:00...); N must
 *       divide a day (1440 minutes, 24 hours);
 *   <li>days: start at local midnight; {@code 1d} every day, {@code Nd} every N days counted from
 *       Monday 1970-01-05, so {@code 7d} is the ISO week (Monday to Monday); a day is 23 or 25
 *       hours across a daylight-saving change;
 *   <li>months: start at local midnight on the 1st; {@code Nmo} every N months counted from January
 *       ({@code 3mo} is the quarter, {@code 12mo} the calendar year); N must divide 12.
 * </ul>
 */
public final class BudgetDuration {
  private static final LocalDate DAY_ANCHOR = LocalDate.of(1970, 1, 5);

  private enum Unit {
    MINUTES,
    HOURS,
    DAYS,
    MONTHS
  }

  private final int amount;
  private final Unit unit;
  private final String text;

  private BudgetDuration(int amount, Unit unit, String text) {
    this.amount = amount;
    this.unit = unit;
    this.text = text;
  }

  /** Parses {@code 30m}, {@code 1h}, {@code 1d}, {@code 7d}, {@code 30d}, {@code 1mo}... */
  public static BudgetDuration parse(String s) {
    Objects.requireNonNull(s, "duration");
    String t = s.trim();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    String unitText = t.substring(i);
    if (i == 0 || i > 6) {
      throw bad(s);
    }
    int n = Integer.parseInt(t.substring(0, i));
    if (n <= 0) {
      throw bad(s);
    }
    Unit unit;
    switch (unitText) {
      case "m":
        unit = Unit.MINUTES;
        break;
      case "h":
        unit = Unit.HOURS;
        break;
      case "d":
        unit = Unit.DAYS;
        break;
      case "mo":
        unit = Unit.MONTHS;
        break;
      default:
        throw bad(s);
    }
    if (unit == Unit.MINUTES && 1440 % n != 0) {
      throw new IllegalArgumentException(
          "budget duration '" + s + "': minutes must divide a day (1440)");
    }
    if (unit == Unit.HOURS && 24 % n != 0) {
      throw new IllegalArgumentException(
          "budget duration '" + s + "': hours must divide a day (24)");
    }
    if (unit == Unit.MONTHS && 12 % n != 0) {
      throw new IllegalArgumentException(
          "budget duration '" + s + "': months must divide a year (12)");
    }
    return new BudgetDuration(n, unit, n + unitText);
  }

  private static IllegalArgumentException bad(String s) {
    return new IllegalArgumentException(
        "invalid budget duration '"
            + s
            + "' (expected a number and a unit m, h, d or mo, e.g. 30m, 1h, 1d, 7d, 1mo)");
  }

  /** The period containing {@code now} in {@code zone}. */
  public Period periodAt(Instant now, ZoneId zone) {
    switch (unit) {
      case MINUTES:
      case HOURS:
        {
          long len = unit == Unit.MINUTES ? amount * 60L : amount * 3600L;
          ZoneOffset offset = zone.getRules().getOffset(now);
          long local = now.getEpochSecond() + offset.getTotalSeconds();
          long start = Math.floorDiv(local, len) * len - offset.getTotalSeconds();
          return new Period(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + len));
        }
      case DAYS:
        {
          LocalDate today = now.atZone(zone).toLocalDate();
          long days = ChronoUnit.DAYS.between(DAY_ANCHOR, today);
          LocalDate first = DAY_ANCHOR.plusDays(Math.floorDiv(days, amount) * amount);
          return new Period(
              first.atStartOfDay(zone).toInstant(),
              first.plusDays(amount).atStartOfDay(zone).toInstant());
        }
      default:
        {
          ZonedDateTime z = now.atZone(zone);
          int monthIndex = z.getMonthValue() - 1;
          YearMonth first =
              YearMonth.of(z.getYear(), 1).plusMonths(Math.floorDiv(monthIndex, amount) * amount);
          return new Period(
              first.atDay(1).atStartOfDay(zone).toInstant(),
              first.plusMonths(amount).atDay(1).atStartOfDay(zone).toInstant());
        }
    }
  }

  /** The nominal length (a month counts as 30 days), for display only. */
  public Duration nominalLength() {
    switch (unit) {
      case MINUTES:
        return Duration.ofMinutes(amount);
      case HOURS:
        return Duration.ofHours(amount);
      case DAYS:
        return Duration.ofDays(amount);
      default:
        return Duration.ofDays(30L * amount);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BudgetDuration d && d.amount == amount && d.unit == unit;
  }

  @Override
  public int hashCode() {
    return amount * 31 + unit.hashCode();
  }

  /** The text form, e.g. {@code 1mo}. */
  @Override
  public String toString() {
    return text;
  }

  /**
   * One budget period: {@code [start, end)}.
   *
   * @param start first instant of the period
   * @param end first instant of the next period (when the budget resets)
   */
  public record Period(Instant start, Instant end) {}
}
