package dev.llmux.core.internal.pipeline;

/**
 * One step of the pipeline (see {@link Pipeline#assemble}): it does its part of a call and, unless
 * it answers the call itself, hands the call on with {@link Call#proceed()}. One instance serves
 * every call of a router, so a stage keeps no per-call state: that lives in the {@link Call}.
 */
interface Stage {

  /** Serves {@code call}: its part, then (usually) {@code call.proceed()}. */
  <Q, V, R> R intercept(Call<Q, V, R> call);
}
