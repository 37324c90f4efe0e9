/**
 * Budgets and rate limits (not API): admission of a call (acquire every limit, reserve every
 * budget, all-or-nothing) and its settlement. The public configuration is in {@link
 * dev.llmux.core.governance}, the state SPIs in {@link dev.llmux.core.store}.
 */
@NullMarked
package dev.llmux.core.internal.governance;

import org.jspecify.annotations.NullMarked;
