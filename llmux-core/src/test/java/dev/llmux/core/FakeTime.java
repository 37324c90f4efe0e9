package dev.llmux.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A controllable clock, ticker and sleeper in one: sleeping advances time and is recorded. Public
 * (and shipped in llmux-core's test jar) for the store contract suites other modules reuse.
 */
public final class FakeTime extends Clock implements Ticker, Sleeper {
  private long nanos;
  private final Instant origin = Instant.parse("2026-01-01T00:00:00Z");
  public final List<Duration> sleeps = new ArrayList<>();

  public synchronized void advance(Duration d) {
    nanos += d.toNanos();
  }

  /** Moves time forward to {@code t} (never backwards). */
  public synchronized void advanceTo(Instant t) {
    Instant now = instant();
    if (t.isBefore(now)) {
      throw new IllegalArgumentException("cannot go back from " + now + " to " + t);
    }
    nanos += Duration.between(now, t).toNanos();
  }

  @Override
  public synchronized long read() {
    return nanos;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    nanos += duration.toNanos();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return origin.plusNanos(nanos);
  }
}
