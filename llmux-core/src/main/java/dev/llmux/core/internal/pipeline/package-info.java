/**
 * The request pipeline (not API): the one place a call is served, from the router's front to
 * its settlement.
 */
package dev.llmux.core.internal.pipeline;
