package dev.llmux.jdbc.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP to evict a connection whose database went away even when the driver does not say
 * so with an {@code 08xxx} SQL state. H2 reports a server restart with its own codes (90067
 * connection broken, 90098 database is closed, 90121 database called at shutdown); without this,
 * Hikari keeps lending the dead connection (it skips validation for connections used within the
 * last 500 ms), so a writer retrying quickly never reconnects. Other errors keep Hikari's default.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {
  /** The H2 error codes that mean the connection is dead. */
  static boolean isBrokenConnection(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      int code = x.getErrorCode();
      if (code == 90067 || code == 90098 || code == 90121) {
        return true;
      }
    }
    return false;
  }

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    return isBrokenConnection(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }
}
