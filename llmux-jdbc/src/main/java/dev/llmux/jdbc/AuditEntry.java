package dev.llmux.jdbc;

import java.time.Instant;

/**
 * One row of the append-only audit log.
 *
 * @param id increasing id
 * @param at when
 * @param actor the actor id (user id, {@code master}, key id or {@code system})
 * @param action what, e.g. {@code key.generate}, {@code team.member_add}
 * @param objectType {@code key}, {@code user}, {@code team}, {@code organization}, {@code budget},
 *     {@code end_user}, {@code invitation}
 * @param objectId the object's id
 * @param before the object before the change as JSON, or {@code null} (creation)
 * @param after the object after the change as JSON, or {@code null} (deletion)
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String objectType,
    String objectId,
    String before,
    String after) {}
