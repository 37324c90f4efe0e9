/**
 * The Responses API and legacy completions on chat deployments (not API): request and response
 * translation, and chat chunks mapped to Responses events.
 */
@NullMarked
package dev.llmux.core.internal.responses;

import org.jspecify.annotations.NullMarked;
