package dev.llmux.core.internal.pipeline;

import dev.llmux.api.error.RouterClosedException;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.governance.Ticket;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stage 2: a closed router admits nothing ({@link RouterClosedException}); then budgets and rate
 * limits. The call's model group is resolved, every rate limit of every scope acquired and every
 * budget reserved for the call's maximum cost, all-or-nothing ({@link Governance#admit}); a refused
 * call is reported to the call listeners. The ticket settles with the result (a stream's at its
 * end, see {@link SettlementStage}) or is released when the call fails.
 */
final class AdmissionStage implements Stage {
  private final AtomicBoolean closed;
  private final Governance governance;
  private final RouterTelemetry telemetry;

  AdmissionStage(AtomicBoolean closed, Governance governance, RouterTelemetry telemetry) {
    this.closed = closed;
    this.governance = governance;
    this.telemetry = telemetry;
  }

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    if (closed.get()) {
      throw new RouterClosedException("router is closed");
    }
    if (governance.isNoop()) {
      return call.proceed();
    }
    Ticket ticket = admit(call);
    call.ticket = ticket;
    R r;
    try {
      r = call.proceed();
    } catch (Throwable e) {
      ticket.fail();
      throw e;
    }
    if (call.result != null) { // a plain result, or a cache hit; a routed stream settles at its end
      ticket.settle(call.result);
    }
    return r;
  }

  private Ticket admit(Call<?, ?, ?> call) {
    ModelCatalog.Group group = null;
    try {
      group = call.group();
      return admit(call, group);
    } catch (RuntimeException e) {
      telemetry.rejected(
          call.op.callOperation,
          call.op.stream,
          call.requestedModel,
          group == null ? null : group.name(),
          call.context,
          e,
          call.startNanos);
      throw e;
    }
  }

  private <Q, V, R> Ticket admit(Call<Q, V, R> call, ModelCatalog.Group group) {
    return call.op.admit(governance, call, group);
  }
}
