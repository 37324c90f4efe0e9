package dev.llmux.core.internal.telemetry;

import dev.llmux.core.Deployment;
import dev.llmux.core.internal.routing.CandidateSelector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One attempt in progress on one deployment: it holds the deployment's in-flight count and the
 * per-minute reservation until it ends. It ends exactly once: on failure (by the pipeline), on the
 * settled response (by the router), or, for a stream, when the stream finishes, fails or is closed.
 */
public final class AttemptLease {
  final RequestScope scope;
  final String group;
  final Deployment deployment;
  final @Nullable String providerType;
  final int number;
  final long startNanos;
  final CandidateSelector.AttemptReservation reservation;
  final @Nullable Object span;

  /** Time from the attempt's start to its response (for a stream: its first chunk). */
  volatile long responseNanos = -1;

  private final AtomicBoolean ended = new AtomicBoolean();

  AttemptLease(
      RequestScope scope,
      String group,
      Deployment deployment,
      @Nullable String providerType,
      int number,
      long startNanos,
      CandidateSelector.AttemptReservation reservation,
      @Nullable Object span) {
    this.scope = scope;
    this.group = group;
    this.deployment = deployment;
    this.providerType = providerType;
    this.number = number;
    this.startNanos = startNanos;
    this.reservation = reservation;
    this.span = span;
  }

  /** Marks the lease ended; true only for the first caller. */
  boolean end() {
    return ended.compareAndSet(false, true);
  }

  boolean isEnded() {
    return ended.get();
  }
}
