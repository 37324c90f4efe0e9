/**
 * Telemetry (not API): routing statistics, Micrometer meters, OpenTelemetry spans and the call
 * records handed to {@link dev.llmux.core.CallListener}s, all recorded through one {@code
 * RouterTelemetry}.
 */
@NullMarked
package dev.llmux.core.internal.telemetry;

import org.jspecify.annotations.NullMarked;
