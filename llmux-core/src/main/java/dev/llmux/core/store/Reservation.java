package dev.llmux.core.store;

import java.util.List;
import java.util.Objects;

/**
 * Money held on budget accounts by a granted {@link SpendStore#reserve}, under a unique id. Every
 * reservation must end with exactly one {@link SpendStore#settle} or {@link SpendStore#release};
 * later calls are no-ops.
 *
 * @param id unique id
 * @param keys the accounts reserved on
 * @param amount nano-dollars held on each of them
 */
public record Reservation(String id, List<BudgetKey> keys, long amount) {

  /**
   * Checks that {@code id} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public Reservation {
    Objects.requireNonNull(id, "id");
    keys = List.copyOf(keys);
  }
}
