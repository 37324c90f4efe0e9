package dev.llmux.facade.admin;

import dev.llmux.jdbc.DatabaseException;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.UserRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who a key is to the management API, for the dashboard: the same identification as every
 * management call ({@link ManagementApi#identify}), described as JSON with the role, the
 * memberships and coarse hints of what the role may do ({@code can}), so the dashboard offers only
 * what the caller may do. The hints decide nothing: every call is still checked by the {@link
 * Authorizer}.
 */
public final class CallerInfo {
  private CallerInfo() {}

  /**
   * {@code {"actor", "key_id", "user_id", "role", "teams": {id: role}, "organizations": {id: role},
   * "can": {...}}}.
   *
   * @throws Failure 401 for a missing, unknown, blocked or expired key; 503 when the database
   *     cannot be reached
   */
  public static Map<String, Object> describe(ManagementApi api, String presentedKey) {
    Caller c;
    try {
      c = api.identify(presentedKey);
    } catch (Failure f) {
      throw f;
    } catch (DatabaseException e) {
      throw Failure.unavailable("The database is unavailable: " + e.getMessage());
    } catch (RuntimeException e) {
      if (ManagementApi.unreachable(e)) {
        throw Failure.unavailable("The database is unavailable: " + e.getMessage());
      }
      throw e;
    }
    return describe(c);
  }

  static Map<String, Object> describe(Caller c) {
    Map<String, Object> teams = new TreeMap<>();
    List<String> teamAdmin = new ArrayList<>();
    for (Map.Entry<String, TeamRole> e : c.teams().entrySet()) {
      teams.put(e.getKey(), e.getValue().key());
      if (e.getValue() == TeamRole.ADMIN) {
        teamAdmin.add(e.getKey());
      }
    }
    Map<String, Object> orgs = new TreeMap<>();
    List<String> orgAdmin = new ArrayList<>();
    for (Map.Entry<String, OrgRole> e : c.orgs().entrySet()) {
      orgs.put(e.getKey(), e.getValue().key());
      if (e.getValue() == OrgRole.ORG_ADMIN) {
        orgAdmin.add(e.getKey());
      }
    }
    teamAdmin.sort(null);
    orgAdmin.sort(null);
    boolean write = c.role() != null && !c.viewer();
    boolean admin = c.proxyAdmin();
    Map<String, Object> can = Views.obj();
    can.put("read_all", c.readsAll());
    can.put("write", write);
    can.put(
        "create_keys",
        write
            && (admin
                || c.role() == UserRole.INTERNAL_USER
                || !teamAdmin.isEmpty()
                || !orgAdmin.isEmpty()));
    can.put("manage_keys", write);
    can.put("create_teams", write && (admin || !orgAdmin.isEmpty()));
    can.put("manage_teams", write && (admin || !orgAdmin.isEmpty() || !teamAdmin.isEmpty()));
    can.put("administer_teams", admin);
    can.put("manage_users", admin);
    can.put("manage_organizations", admin);
    can.put("manage_org_members", write && (admin || !orgAdmin.isEmpty()));
    can.put("control_deployments", admin);
    can.put("team_admin_of", teamAdmin);
    can.put("org_admin_of", orgAdmin);
    Map<String, Object> m = Views.obj();
    m.put("actor", c.actorId());
    m.put("key_id", c.keyId());
    m.put("user_id", c.userId());
    m.put("role", c.role() == null ? null : c.role().key());
    m.put("teams", teams);
    m.put("organizations", orgs);
    m.put("can", can);
    return m;
  }
}
