package dev.llmux.jdbc;

/** The append-only audit log (read side; rows are written by the stores). */
public interface AuditLog {
  /** Rows matching {@code filter}, newest first. */
  Page<AuditEntry> list(AuditFilter filter);
}
