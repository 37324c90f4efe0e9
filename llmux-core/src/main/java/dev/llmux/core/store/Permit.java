package dev.llmux.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a granted {@link CounterStore#acquire} holds: the limits and amounts it counted, under a
 * unique id. A plain value, so a shared store can find its entries again from it. Every permit must
 * end with exactly one {@link CounterStore#settle} or {@link CounterStore#release}; later calls are
 * no-ops.
 *
 * @param id unique id of this acquisition
 * @param limits the limits acquired, in the caller's order
 * @param amounts the amount acquired on each limit, aligned with {@code limits}
 * @param acquiredAt the time the window entries were recorded at
 */
public record Permit(String id, List<Limit> limits, List<Long> amounts, Instant acquiredAt) {

  /**
   * Checks that {@code id}, {@code acquiredAt} are present; checks the values' ranges; makes the
   * lists and maps immutable copies.
   */
  public Permit {
    Objects.requireNonNull(id, "id");
    limits = List.copyOf(limits);
    amounts = List.copyOf(amounts);
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    if (limits.size() != amounts.size()) {
      throw new IllegalArgumentException("limits and amounts differ in size");
    }
  }
}
