/**
 * The router's engine. Not API: every {@code dev.llmux.core.internal...} package may change in any
 * release. This package holds small helpers shared by the others (token counting, the async
 * executor, request ids); the subpackages are the pipeline and the parts its stages use: {@code
 * pipeline}, {@code routing}, {@code governance}, {@code cache}, {@code telemetry}, {@code
 * responses} and {@code config} (configuration parsing).
 */
@NullMarked
package dev.llmux.core.internal;

import org.jspecify.annotations.NullMarked;
