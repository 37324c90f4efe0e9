package dev.llmux.jdbc;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param total how many items match in all
 * @param page the 1-based page number
 * @param size the page size
 */
public record Page<T>(List<T> items, long total, int page, int size) {
  public Page {
    items = Copies.list(items);
  }

  /** How many pages {@link #total} items make (at least 1). */
  public int totalPages() {
    return size <= 0 ? 1 : (int) Math.max(1, (total + size - 1) / size);
  }
}
