/**
 * The request pipeline (not API): the one place a call is served, from the router's front to its
 * settlement. {@code Pipeline.assemble} lists the stages in order (interceptors, admission, request
 * check, response cache, routing, settlement); a {@code Call} carries one call through them; an
 * {@code Operation} says what differs per kind of call; {@code Engine} is what a router owns.
 */
@NullMarked
package dev.llmux.core.internal.pipeline;

import org.jspecify.annotations.NullMarked;
