package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Each role's allowed and forbidden calls, table-driven. Organizations {@code north} (team {@code
 * t1}) and {@code south} (team {@code t2}); users: {@code padmin} (proxy_admin), {@code viewer}
 * (proxy_admin_viewer), {@code orgadmin} (org_admin of north), {@code teamadmin} (admin of t1),
 * {@code member} (user of t1, member of north), {@code iuv} (internal_user_viewer); each has a key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementRolesTest {
  AdminHarness h;
  final Map<String, String> keys = new HashMap<>();
  final Map<String, String> keyIds = new HashMap<>();

  record Row(String who, String method, String path, String body, int status) {
    @Override
    public String toString() {
      return who + " " + method + " " + path + (body == null ? "" : " " + body) + " -> " + status;
    }
  }

  @BeforeAll
  void start() throws Exception {
    h = new AdminHarness();
    h.ok(
        "/organization/new",
        MASTER,
        "{\"organization_id\":\"north\",\"organization_alias\":\"North\"}");
    h.ok(
        "/organization/new",
        MASTER,
        "{\"organization_id\":\"south\",\"organization_alias\":\"South\"}");
    user("padmin", "proxy_admin");
    user("viewer", "proxy_admin_viewer");
    user("orgadmin", "internal_user");
    user("teamadmin", "internal_user");
    user("member", "internal_user");
    user("iuv", "internal_user_viewer");
    h.ok(
        "/organization/member_add",
        MASTER,
        "{\"organization_id\":\"north\",\"member\":["
            + "{\"user_id\":\"orgadmin\",\"role\":\"org_admin\"},{\"user_id\":\"member\",\"role\":\"internal_user\"}]}");
    h.ok(
        "/team/new",
        MASTER,
        "{\"team_id\":\"t1\",\"organization_id\":\"north\",\"members_with_roles\":["
            + "{\"user_id\":\"teamadmin\",\"role\":\"admin\"},{\"user_id\":\"member\",\"role\":\"user\"}]}");
    h.ok("/team/new", MASTER, "{\"team_id\":\"t2\",\"organization_id\":\"south\"}");
    for (String u : List.of("padmin", "viewer", "orgadmin", "teamadmin", "member", "iuv")) {
      var k = h.ok("/key/generate", MASTER, "{\"user_id\":\"" + u + "\"}");
      keys.put(u, k.path("key").asText());
      keyIds.put(u, k.path("token").asText());
    }
    var t2key = h.ok("/key/generate", MASTER, "{\"team_id\":\"t2\"}");
    keyIds.put("t2", t2key.path("token").asText());
    keys.put("t2key", t2key.path("key").asText());
    var t1key = h.ok("/key/generate", MASTER, "{\"team_id\":\"t1\"}");
    keyIds.put("t1", t1key.path("token").asText());
    // a proxy admin who is also in team t1, with a key there
    h.ok(
        "/team/member_add",
        MASTER,
        "{\"team_id\":\"t1\",\"member\":{\"user_id\":\"padmin\",\"role\":\"user\"}}");
    keyIds.put(
        "padmin-t1",
        h.ok("/key/generate", MASTER, "{\"team_id\":\"t1\",\"user_id\":\"padmin\"}")
            .path("token")
            .asText());
    escalationSetup();
  }

  /**
   * Keys and a team for the escalation paths: {@code member-t1} (member's key in t1, every limit
   * set by the master, expiring in a day), {@code member-blocked} (member's key the master
   * blocked), {@code teamadmin-t1} (the team admin's own key, budget set by the master), {@code
   * member-t1b} (member's key the team admin manages); team {@code t3} in north, where member is a
   * user and teamadmin an admin.
   */
  private void escalationSetup() throws Exception {
    h.ok(
        "/team/new",
        MASTER,
        "{\"team_id\":\"t3\",\"organization_id\":\"north\",\"members_with_roles\":["
            + "{\"user_id\":\"teamadmin\",\"role\":\"admin\"},{\"user_id\":\"member\",\"role\":\"user\"}]}");
    keyIds.put(
        "member-t1",
        h.ok(
                "/key/generate",
                MASTER,
                "{\"user_id\":\"member\",\"team_id\":\"t1\",\"models\":[\"gpt-4o-mini\"],"
                    + "\"max_budget\":10,\"soft_budget\":5,\"budget_duration\":\"30d\",\"rpm_limit\":10,"
                    + "\"tpm_limit\":1000,\"max_parallel_requests\":2,\"duration\":\"1d\"}")
            .path("token")
            .asText());
    keyIds.put(
        "member-blocked",
        h.ok(
                "/key/generate",
                MASTER,
                "{\"user_id\":\"member\",\"team_id\":\"t1\",\"blocked\":true}")
            .path("token")
            .asText());
    keyIds.put(
        "teamadmin-t1",
        h.ok(
                "/key/generate",
                MASTER,
                "{\"user_id\":\"teamadmin\",\"team_id\":\"t1\",\"max_budget\":10}")
            .path("token")
            .asText());
    keyIds.put(
        "member-t1b",
        h.ok(
                "/key/generate",
                MASTER,
                "{\"user_id\":\"member\",\"team_id\":\"t1\",\"max_budget\":10}")
            .path("token")
            .asText());
  }

  private void user(String id, String role) throws Exception {
    h.ok("/user/new", MASTER, "{\"user_id\":\"" + id + "\",\"user_role\":\"" + role + "\"}");
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  List<Row> rows() {
    List<Row> r = new ArrayList<>();
    // proxy admin: everything
    r.add(
        new Row(
            "padmin", "POST", "/budget/new", "{\"budget_id\":\"b-padmin\",\"max_budget\":5}", 200));
    r.add(new Row("padmin", "POST", "/organization/new", "{\"organization_alias\":\"P\"}", 200));
    r.add(new Row("padmin", "GET", "/audit/logs", null, 200));
    r.add(new Row("padmin", "POST", "/team/block", "{\"team_id\":\"t2\"}", 200));
    r.add(new Row("padmin", "POST", "/team/unblock", "{\"team_id\":\"t2\"}", 200));
    // proxy admin viewer: every read, no write
    r.add(new Row("viewer", "GET", "/budget/list", null, 200));
    r.add(new Row("viewer", "GET", "/audit/logs", null, 200));
    r.add(new Row("viewer", "GET", "/team/info?team_id=t2", null, 200));
    r.add(new Row("viewer", "GET", "/user/list", null, 200));
    r.add(new Row("viewer", "GET", "/key/info?key=" + "{t2}", null, 200));
    r.add(new Row("viewer", "GET", "/control/deployments", null, 200));
    r.add(new Row("viewer", "GET", "/organization/list", null, 200));
    r.add(new Row("viewer", "POST", "/budget/new", "{\"budget_id\":\"b-viewer\"}", 403));
    r.add(new Row("viewer", "POST", "/key/generate", "{}", 403));
    r.add(
        new Row(
            "viewer", "POST", "/team/update", "{\"team_id\":\"t1\",\"team_alias\":\"x\"}", 403));
    r.add(
        new Row(
            "viewer",
            "POST",
            "/control/deployments",
            "{\"deployment_id\":\"fake-ok\",\"action\":\"restore\"}",
            403));
    r.add(new Row("viewer", "POST", "/key/block", "{\"key\":\"{t2}\"}", 403));
    // organization admin: its organization, its teams, their keys, its members
    r.add(new Row("orgadmin", "GET", "/organization/info?organization_id=north", null, 200));
    r.add(new Row("orgadmin", "GET", "/organization/members?organization_id=north", null, 200));
    r.add(new Row("orgadmin", "GET", "/organization/info?organization_id=south", null, 403));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/team/new",
            "{\"team_id\":\"n2\",\"organization_id\":\"north\"}",
            200));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/team/new",
            "{\"team_id\":\"s2\",\"organization_id\":\"south\"}",
            403));
    r.add(new Row("orgadmin", "POST", "/team/new", "{\"team_id\":\"x2\"}", 403));
    r.add(
        new Row("orgadmin", "POST", "/team/update", "{\"team_id\":\"t1\",\"max_budget\":50}", 200));
    r.add(
        new Row(
            "orgadmin", "POST", "/team/update", "{\"team_id\":\"t2\",\"team_alias\":\"x\"}", 403));
    r.add(new Row("orgadmin", "GET", "/team/info?team_id=t1", null, 200));
    r.add(new Row("orgadmin", "GET", "/team/info?team_id=t2", null, 403));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/organization/member_add",
            "{\"organization_id\":\"north\",\"member\":{\"user_id\":\"iuv\",\"role\":\"internal_user_viewer\"}}",
            200));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/organization/member_add",
            "{\"organization_id\":\"south\",\"member\":{\"user_id\":\"iuv\"}}",
            403));
    r.add(new Row("orgadmin", "GET", "/key/list?team_id=t1", null, 200));
    r.add(new Row("orgadmin", "GET", "/key/info?key={t1}", null, 200));
    r.add(new Row("orgadmin", "GET", "/key/info?key={t2}", null, 403));
    r.add(new Row("orgadmin", "GET", "/user/info?user_id=member", null, 200));
    r.add(new Row("orgadmin", "GET", "/user/info?user_id=viewer", null, 403));
    r.add(new Row("orgadmin", "POST", "/organization/new", "{\"organization_alias\":\"O\"}", 403));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/organization/update",
            "{\"organization_id\":\"north\",\"max_budget\":1}",
            403));
    r.add(new Row("orgadmin", "GET", "/audit/logs", null, 403));
    r.add(new Row("orgadmin", "GET", "/global/activity", null, 403));
    r.add(new Row("orgadmin", "POST", "/invitation/new", "{\"team_id\":\"t1\"}", 200));
    r.add(new Row("orgadmin", "POST", "/invitation/new", "{\"organization_id\":\"south\"}", 403));
    // team admin: its team only
    r.add(new Row("teamadmin", "GET", "/team/info?team_id=t1", null, 200));
    r.add(new Row("teamadmin", "GET", "/team/info?team_id=t2", null, 403));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/team/update",
            "{\"team_id\":\"t1\",\"team_alias\":\"Team One\"}",
            200));
    r.add(
        new Row(
            "teamadmin", "POST", "/team/update", "{\"team_id\":\"t1\",\"max_budget\":1000}", 403));
    r.add(
        new Row(
            "teamadmin", "POST", "/team/update", "{\"team_id\":\"t2\",\"team_alias\":\"x\"}", 403));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/team/member_add",
            "{\"team_id\":\"t1\",\"member\":{\"user_id\":\"iuv\",\"role\":\"user\"}}",
            200));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/team/member_update",
            "{\"team_id\":\"t1\",\"user_id\":\"iuv\",\"max_budget_in_team\":3}",
            200));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/team/member_delete",
            "{\"team_id\":\"t1\",\"user_id\":\"iuv\"}",
            200));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/team/member_add",
            "{\"team_id\":\"t2\",\"member\":{\"user_id\":\"iuv\"}}",
            403));
    r.add(new Row("teamadmin", "POST", "/key/generate", "{\"team_id\":\"t1\"}", 200));
    r.add(new Row("teamadmin", "POST", "/key/generate", "{\"team_id\":\"t2\"}", 403));
    // a key acts with its user's rights: a team admin may not mint one for another member (padmin
    // is in t1)
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/key/generate",
            "{\"team_id\":\"t1\",\"user_id\":\"padmin\"}",
            403));
    r.add(
        new Row(
            "teamadmin",
            "POST",
            "/key/generate",
            "{\"team_id\":\"t1\",\"user_id\":\"member\"}",
            403));
    r.add(
        new Row(
            "teamadmin", "POST", "/key/update", "{\"key\":\"{t1}\",\"user_id\":\"padmin\"}", 403));
    r.add(new Row("teamadmin", "POST", "/key/regenerate", "{\"key\":\"{padmin-t1}\"}", 403));
    r.add(
        new Row(
            "orgadmin",
            "POST",
            "/key/generate",
            "{\"team_id\":\"t1\",\"user_id\":\"padmin\"}",
            403));
    r.add(new Row("orgadmin", "POST", "/key/regenerate", "{\"key\":\"{padmin-t1}\"}", 403));
    r.add(new Row("padmin", "POST", "/key/regenerate", "{\"key\":\"{padmin-t1}\"}", 200));
    r.add(new Row("teamadmin", "POST", "/key/block", "{\"key\":\"{t1}\"}", 200));
    r.add(new Row("teamadmin", "POST", "/key/unblock", "{\"key\":\"{t1}\"}", 200));
    r.add(new Row("teamadmin", "POST", "/key/block", "{\"key\":\"{t2}\"}", 403));
    r.add(
        new Row(
            "teamadmin", "POST", "/invitation/new", "{\"team_id\":\"t1\",\"role\":\"user\"}", 200));
    r.add(new Row("teamadmin", "POST", "/invitation/new", "{\"team_id\":\"t2\"}", 403));
    r.add(new Row("teamadmin", "POST", "/team/delete", "{\"team_ids\":[\"t1\"]}", 403));
    r.add(new Row("teamadmin", "GET", "/user/list", null, 403));
    r.add(new Row("teamadmin", "POST", "/budget/new", "{\"budget_id\":\"b-team\"}", 403));
    // internal user: own info, own keys, own spend
    r.add(new Row("member", "GET", "/user/info", null, 200));
    r.add(new Row("member", "GET", "/user/info?user_id=member", null, 200));
    r.add(new Row("member", "GET", "/user/info?user_id=teamadmin", null, 403));
    r.add(new Row("member", "POST", "/key/generate", "{}", 200));
    r.add(
        new Row(
            "member", "POST", "/key/generate", "{\"user_id\":\"member\",\"team_id\":\"t1\"}", 200));
    r.add(
        new Row(
            "member",
            "POST",
            "/key/generate",
            "{\"team_id\":\"t1\"}",
            200)); // user_id defaults to self
    r.add(
        new Row(
            "member", "POST", "/key/generate", "{\"user_id\":\"member\",\"team_id\":\"t2\"}", 403));
    r.add(new Row("member", "POST", "/key/generate", "{\"user_id\":\"teamadmin\"}", 403));
    r.add(
        new Row(
            "member", "POST", "/key/update", "{\"key\":\"{member}\",\"key_alias\":\"mine\"}", 200));
    r.add(
        new Row(
            "member",
            "POST",
            "/key/update",
            "{\"key\":\"{teamadmin}\",\"key_alias\":\"theirs\"}",
            403));
    r.add(new Row("member", "GET", "/key/info", null, 200));
    r.add(new Row("member", "GET", "/key/info?key={teamadmin}", null, 403));
    r.add(new Row("member", "GET", "/key/list", null, 200));
    r.add(new Row("member", "GET", "/key/list?user_id=teamadmin", null, 403));
    r.add(new Row("member", "GET", "/team/info?team_id=t1", null, 403));
    r.add(new Row("member", "POST", "/user/new", "{\"user_id\":\"sneaky\"}", 403));
    r.add(
        new Row(
            "member",
            "POST",
            "/user/update",
            "{\"user_id\":\"member\",\"user_role\":\"proxy_admin\"}",
            403));
    r.add(new Row("member", "GET", "/control/deployments", null, 403));
    r.add(new Row("member", "POST", "/control/config/reload", null, 403));
    // internal user viewer: reads its own, writes nothing
    r.add(new Row("iuv", "GET", "/user/info", null, 200));
    r.add(new Row("iuv", "GET", "/key/list", null, 200));
    r.add(new Row("iuv", "POST", "/key/generate", "{}", 403));
    r.add(new Row("iuv", "POST", "/key/update", "{\"key\":\"{iuv}\",\"key_alias\":\"x\"}", 403));
    r.add(new Row("iuv", "POST", "/key/regenerate", "{\"key\":\"{iuv}\"}", 403));
    // spend: own, of an administered team or organization, or everything for the proxy roles
    r.add(new Row("member", "GET", "/spend/logs", null, 200));
    r.add(new Row("member", "GET", "/spend/logs?user_id=member", null, 200));
    r.add(new Row("member", "GET", "/spend/logs?user_id=teamadmin", null, 403));
    r.add(new Row("member", "GET", "/spend/keys?api_key={member}", null, 200));
    r.add(new Row("member", "GET", "/spend/keys?api_key={teamadmin}", null, 403));
    r.add(new Row("member", "GET", "/spend/teams?team_id=t1", null, 403));
    r.add(new Row("iuv", "GET", "/spend/users", null, 200));
    r.add(new Row("teamadmin", "GET", "/spend/logs?team_id=t1", null, 200));
    r.add(new Row("teamadmin", "GET", "/spend/teams?team_id=t2", null, 403));
    r.add(new Row("orgadmin", "GET", "/spend/teams?organization_id=north", null, 200));
    r.add(new Row("orgadmin", "GET", "/spend/logs?team_id=t1", null, 200));
    r.add(new Row("orgadmin", "GET", "/spend/logs?organization_id=south", null, 403));
    r.add(new Row("viewer", "GET", "/spend/logs", null, 200));
    r.add(new Row("viewer", "GET", "/global/activity", null, 200));
    r.add(new Row("viewer", "GET", "/global/spend/models", null, 200));
    r.add(new Row("member", "GET", "/global/spend/provider", null, 403));
    r.add(new Row("teamadmin", "GET", "/audit/logs", null, 403));
    r.add(new Row("viewer", "GET", "/invitation/list", null, 200));
    r.add(new Row("teamadmin", "GET", "/invitation/list", null, 403));
    r.add(new Row("viewer", "POST", "/invitation/new", "{\"team_id\":\"t1\"}", 403));
    r.add(new Row("member", "POST", "/invitation/new", "{\"team_id\":\"t1\"}", 403));
    r.add(new Row("viewer", "POST", "/control/config/reload", null, 403));
    r.add(new Row("orgadmin", "GET", "/organization/list", null, 200));
    r.add(new Row("member", "GET", "/organization/list", null, 403));
    r.add(new Row("member", "GET", "/team/list", null, 200));
    r.add(new Row("member", "GET", "/team/list?user_id=teamadmin", null, 403));
    r.add(new Row("orgadmin", "GET", "/team/list?organization_id=north", null, 200));
    // a key without a user has no management rights
    r.add(new Row("t2key", "GET", "/key/list", null, 403));
    r.add(new Row("t2key", "POST", "/key/generate", "{\"team_id\":\"t2\"}", 403));
    // no key, a wrong key
    r.add(new Row(null, "GET", "/key/list", null, 401));
    r.add(new Row("nobody", "GET", "/key/list", null, 401));
    return r;
  }

  /**
   * The authorization rule (docs/security.md): a principal never grants itself or a key it owns
   * more than an admin above it granted (budgets, limits, models, block state, owner, team), and
   * only proxy admins change a key's owner across users. Run in order: some rows change a key that
   * later rows use.
   */
  List<Row> escalationRows() {
    List<Row> r = new ArrayList<>();
    // a team admin must not take over a member's key (issue 18, item 3)
    r.add(
        row(
            "teamadmin",
            "/key/update",
            "{\"key\":\"{member-t1}\",\"user_id\":\"teamadmin\"}",
            403));
    r.add(
        row("orgadmin", "/key/update", "{\"key\":\"{member-t1}\",\"user_id\":\"orgadmin\"}", 403));
    r.add(row("teamadmin", "/key/regenerate", "{\"key\":\"{member-t1}\"}", 403));
    // owners must not undo what the master set on their keys (item 4)
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"max_budget\":100000}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"soft_budget\":100}", 403));
    r.add(
        row("member", "/key/update", "{\"key\":\"{member-t1}\",\"budget_duration\":\"1d\"}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"rpm_limit\":1000}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"tpm_limit\":1000000}", 403));
    r.add(
        row(
            "member",
            "/key/update",
            "{\"key\":\"{member-t1}\",\"max_parallel_requests\":50}",
            403));
    r.add(
        row(
            "member",
            "/key/update",
            "{\"key\":\"{member-t1}\",\"models\":[\"gpt-4o-mini\",\"gpt-4o\"]}",
            403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"models\":[]}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"models\":[\"gpt-*\"]}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"duration\":\"365d\"}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"team_id\":\"t3\"}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"user_id\":\"iuv\"}", 403));
    r.add(row("member", "/key/regenerate", "{\"key\":\"{member-t1}\",\"max_budget\":100000}", 403));
    r.add(row("member", "/key/unblock", "{\"key\":\"{member-blocked}\"}", 403));
    r.add(row("member", "/key/update", "{\"key\":\"{member-blocked}\",\"blocked\":false}", 403));
    r.add(row("teamadmin", "/key/update", "{\"key\":\"{teamadmin-t1}\",\"max_budget\":1000}", 403));
    // tightening one's own key is fine
    r.add(
        row(
            "member",
            "/key/update",
            "{\"key\":\"{member-t1}\",\"max_budget\":5,\"rpm_limit\":5}",
            200));
    r.add(
        row(
            "member",
            "/key/update",
            "{\"key\":\"{member-t1}\",\"models\":[\"gpt-4o-mini\"]}",
            200));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"key_alias\":\"mine-t1\"}", 200));
    r.add(row("member", "/key/update", "{\"key\":\"{member-t1}\",\"max_budget\":7}", 403));
    r.add(row("member", "/key/block", "{\"key\":\"{member-t1}\"}", 200));
    r.add(row("member", "/key/unblock", "{\"key\":\"{member-t1}\"}", 403));
    // an admin above the owner may
    r.add(row("teamadmin", "/key/update", "{\"key\":\"{member-t1b}\",\"max_budget\":20}", 200));
    r.add(row("teamadmin", "/key/update", "{\"key\":\"{member-t1b}\",\"team_id\":\"t3\"}", 200));
    r.add(row("teamadmin", "/key/unblock", "{\"key\":\"{member-t1}\"}", 200));
    r.add(
        row("padmin", "/key/update", "{\"key\":\"{member-t1b}\",\"user_id\":\"teamadmin\"}", 200));
    r.add(row("padmin", "/key/update", "{\"key\":\"{teamadmin-t1}\",\"max_budget\":1000}", 200));
    return r;
  }

  private static Row row(String who, String path, String body, int status) {
    return new Row(who, "POST", path, body, status);
  }

  @TestFactory
  Stream<DynamicTest> escalationPathsAreRefused() {
    return dynamicTests(escalationRows());
  }

  @TestFactory
  Stream<DynamicTest> eachRoleIsAllowedAndForbiddenAsTheMatrixSays() {
    return dynamicTests(rows());
  }

  private Stream<DynamicTest> dynamicTests(List<Row> rows) {
    return rows.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.toString(),
                    () -> {
                      String key =
                          row.who() == null ? null : keys.getOrDefault(row.who(), "sk-not-a-key");
                      HttpResponse<String> r =
                          h.call(
                              row.method(),
                              fill(row.path()),
                              key,
                              row.body() == null ? null : fill(row.body()));
                      assertThat(r.statusCode())
                          .as("%s: %s", row, r.body())
                          .isEqualTo(row.status());
                      if (row.status() == 403) {
                        assertThat(AdminHarness.json(r).path("error").path("type").asText())
                            .isEqualTo("permission_error");
                      }
                    }));
  }

  /** Replaces {name} by the id of that user's (or team's) key. */
  private String fill(String s) {
    for (Map.Entry<String, String> e : keyIds.entrySet()) {
      s = s.replace("{" + e.getKey() + "}", e.getValue());
    }
    return s;
  }
}
