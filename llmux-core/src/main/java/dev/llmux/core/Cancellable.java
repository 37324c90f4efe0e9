package dev.llmux.core;

/** A handle on an asynchronous call that can be cancelled. Cancelling twice is harmless. */
@FunctionalInterface
public interface Cancellable {
  /** Cancels the work (and its upstream call). */
  void cancel();
}
