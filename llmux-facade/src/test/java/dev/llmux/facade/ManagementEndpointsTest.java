package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every management endpoint once, in LiteLLM's shapes, and the 400/404/405/409 answers for bad
 * input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementEndpointsTest {
  AdminHarness h;

  @BeforeAll
  void start() throws Exception {
    h = new AdminHarness();
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  static void assertError(HttpResponse<String> r, int status, String messagePart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = AdminHarness.json(r).path("error");
    assertThat(e.path("message").asText()).contains(messagePart);
    assertThat(e.has("type")).isTrue();
    assertThat(e.has("param")).isTrue();
    assertThat(e.has("code")).isTrue();
  }

  @Test
  void keys() throws Exception {
    JsonNode g =
        h.ok(
            "/key/generate",
            MASTER,
            "{\"key_alias\":\"k1\",\"models\":[\"gpt-4o-mini\"],"
                + "\"tpm_limit\":100000,\"rpm_limit\":10,\"budget_duration\":\"30d\",\"tags\":[\"a\"],"
                + "\"aliases\":{\"fast\":\"gpt-4o-mini\"}}");
    String id = g.path("token").asText();
    String secret = g.path("key").asText();
    assertThat(g.path("rpm_limit").asLong()).isEqualTo(10);
    // the key's aliases: "fast" is served by gpt-4o-mini, and access is checked on gpt-4o-mini
    HttpResponse<String> viaAlias = h.chat(secret, "fast");
    assertThat(viaAlias.statusCode()).as(viaAlias.body()).isEqualTo(200);
    assertThat(viaAlias.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
    // and its tags go with its calls: into the request context and the spend row
    assertThat(h.contexts.get(h.contexts.size() - 1).tags()).containsExactly("a");
    String callId = viaAlias.headers().firstValue("x-llmux-call-id").orElseThrow();
    assertThat(
            h.okGetAfterSpendFlush("/spend/logs?request_id=" + callId)
                .path("data")
                .get(0)
                .path("request_tags")
                .get(0)
                .asText())
        .isEqualTo("a");
    assertError(h.chat(secret, "priced"), 403, "not allowed to use the model 'priced'");
    assertThat(g.path("budget_duration").asText()).isEqualTo("30d");

    JsonNode u =
        h.ok(
            "/key/update",
            MASTER,
            "{\"key\":\"" + id + "\",\"key_alias\":\"k1b\",\"max_budget\":3}");
    assertThat(u.path("key_alias").asText()).isEqualTo("k1b");
    assertThat(u.path("max_budget").decimalValue()).isEqualByComparingTo("3");
    assertThat(u.path("rpm_limit").asLong()).isEqualTo(10);

    // info by id and by the secret itself; the answer never holds the secret
    HttpResponse<String> info = h.get("/key/info?key=" + secret, MASTER);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).doesNotContain(secret);
    assertThat(AdminHarness.json(info).path("info").path("key_alias").asText()).isEqualTo("k1b");
    assertThat(h.okGet("/key/info?key=" + id, MASTER).path("key").asText()).isEqualTo(id);

    JsonNode list = h.okGet("/key/list?key_alias=k1b&return_full_object=true", MASTER);
    assertThat(list.path("keys")).hasSize(1);
    assertThat(list.path("keys").get(0).path("token").asText()).isEqualTo(id);
    assertThat(list.path("total_count").asLong()).isEqualTo(1);
    assertThat(list.path("current_page").asInt()).isEqualTo(1);
    JsonNode ids = h.okGet("/key/list?page=1&size=1", MASTER);
    assertThat(ids.path("keys")).hasSize(1);
    assertThat(ids.path("keys").get(0).isTextual()).isTrue();

    // regenerate with a grace period: the old secret keeps working until then, the new one at once
    JsonNode re =
        h.ok("/key/regenerate", MASTER, "{\"key\":\"" + id + "\",\"grace_period\":\"1h\"}");
    String fresh = re.path("key").asText();
    assertThat(fresh).isNotEqualTo(secret);
    assertThat(re.path("token").asText()).isEqualTo(id);
    HttpResponse<String> withFresh = h.chat(fresh, "gpt-4o-mini");
    assertThat(withFresh.statusCode()).as(withFresh.body()).isEqualTo(200);
    HttpResponse<String> withOld = h.chat(secret, "gpt-4o-mini");
    assertThat(withOld.statusCode()).as(withOld.body()).isEqualTo(200);

    JsonNode del = h.ok("/key/delete", MASTER, "{\"keys\":[\"" + id + "\"]}");
    assertThat(del.path("deleted_keys").get(0).asText()).isEqualTo(id);
    assertThat(h.chat(fresh, "gpt-4o-mini").statusCode()).isEqualTo(401);
    assertError(h.get("/key/info?key=" + id, MASTER), 404, "not found");
  }

  @Test
  void usersTeamsOrganizations() throws Exception {
    h.ok(
        "/user/new",
        MASTER,
        "{\"user_id\":\"u1\",\"user_email\":\"u1@x.test\",\"user_role\":\"internal_user\"}");
    h.ok("/user/new", MASTER, "{\"user_id\":\"u2\",\"user_email\":\"u2@x.test\"}");
    JsonNode auto = h.ok("/user/new", MASTER, "{\"user_id\":\"u3\",\"auto_create_key\":true}");
    assertThat(auto.path("key").asText()).startsWith("sk-");
    assertThat(
            h.ok("/user/update", MASTER, "{\"user_id\":\"u1\",\"user_alias\":\"Uno\"}")
                .path("user_alias")
                .asText())
        .isEqualTo("Uno");
    JsonNode ul = h.okGet("/user/list?page=1&page_size=2", MASTER);
    assertThat(ul.path("users")).hasSize(2);
    assertThat(ul.path("total").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(ul.path("total_pages").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(
            h.okGet("/user/list?user_email=u2@x", MASTER)
                .path("users")
                .get(0)
                .path("user_id")
                .asText())
        .isEqualTo("u2");

    JsonNode org =
        h.ok(
            "/organization/new", MASTER, "{\"organization_alias\":\"Org One\",\"max_budget\":100}");
    String orgId = org.path("organization_id").asText();
    assertThat(orgId).isNotEmpty();
    HttpResponse<String> patched =
        h.call(
            "PATCH",
            "/organization/update",
            MASTER,
            "{\"organization_id\":\"" + orgId + "\",\"organization_alias\":\"Org 1\"}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    h.ok(
        "/organization/member_add",
        MASTER,
        "{\"organization_id\":\""
            + orgId
            + "\","
            + "\"member\":{\"user_email\":\"u1@x.test\",\"role\":\"internal_user\"}}");
    h.ok(
        "/organization/member_update",
        MASTER,
        "{\"organization_id\":\"" + orgId + "\",\"user_id\":\"u1\"," + "\"role\":\"org_admin\"}");
    JsonNode members = h.okGet("/organization/members?organization_id=" + orgId, MASTER);
    assertThat(members.path("members").get(0).path("user_role").asText()).isEqualTo("org_admin");

    h.ok(
        "/team/new",
        MASTER,
        "{\"team_id\":\"tm\",\"team_alias\":\"TM\",\"organization_id\":\"" + orgId + "\"}");
    h.ok(
        "/team/member_add",
        MASTER,
        "{\"team_id\":\"tm\",\"member\":[{\"user_id\":\"u1\",\"role\":\"admin\"},"
            + "{\"user_id\":\"u2\"}]}");
    JsonNode mu =
        h.ok(
            "/team/member_update",
            MASTER,
            "{\"team_id\":\"tm\",\"user_id\":\"u2\",\"role\":\"admin\"}");
    assertThat(mu.path("role").asText()).isEqualTo("admin");
    JsonNode md =
        h.ok("/team/member_delete", MASTER, "{\"team_id\":\"tm\",\"user_email\":\"u2@x.test\"}");
    assertThat(md.path("members_with_roles")).hasSize(1);
    JsonNode ti = h.okGet("/team/info?team_id=tm", MASTER);
    assertThat(ti.path("team_info").path("team_alias").asText()).isEqualTo("TM");
    assertThat(
            h.ok("/team/update", MASTER, "{\"team_id\":\"tm\",\"rpm_limit\":5}")
                .path("rpm_limit")
                .asLong())
        .isEqualTo(5);
    JsonNode tl = h.okGet("/team/list?organization_id=" + orgId, MASTER);
    assertThat(tl.path("teams")).hasSize(1);
    assertThat(h.okGet("/team/list?search=TM", MASTER).path("teams")).hasSize(1);
    assertThat(h.ok("/team/block", MASTER, "{\"team_id\":\"tm\"}").path("blocked").asBoolean())
        .isTrue();
    assertThat(h.ok("/team/unblock", MASTER, "{\"team_id\":\"tm\"}").path("blocked").asBoolean())
        .isFalse();

    JsonNode oi = h.okGet("/organization/info?organization_id=" + orgId, MASTER);
    assertThat(oi.path("organization_alias").asText()).isEqualTo("Org 1");
    assertThat(oi.path("teams")).hasSize(1);
    assertThat(h.okGet("/organization/list?search=Org", MASTER).path("organizations").size())
        .isPositive();

    JsonNode ui = h.okGet("/user/info?user_id=u1", MASTER);
    assertThat(ui.path("user_info").path("user_email").asText()).isEqualTo("u1@x.test");
    assertThat(ui.path("teams").get(0).path("team_id").asText()).isEqualTo("tm");

    HttpResponse<String> omd =
        h.call(
            "DELETE",
            "/organization/member_delete",
            MASTER,
            "{\"organization_id\":\"" + orgId + "\",\"user_id\":\"u1\"}");
    assertThat(omd.statusCode()).as(omd.body()).isEqualTo(200);
    assertThat(
            h.ok("/team/delete", MASTER, "{\"team_ids\":[\"tm\"]}")
                .path("deleted_teams")
                .get(0)
                .asText())
        .isEqualTo("tm");
    HttpResponse<String> od =
        h.call(
            "DELETE", "/organization/delete", MASTER, "{\"organization_ids\":[\"" + orgId + "\"]}");
    assertThat(od.statusCode()).as(od.body()).isEqualTo(200);
    assertThat(
            h.ok("/user/delete", MASTER, "{\"user_ids\":[\"u2\"]}")
                .path("deleted_users")
                .get(0)
                .asText())
        .isEqualTo("u2");
    assertError(h.get("/user/info?user_id=u2", MASTER), 404, "u2");
  }

  @Test
  void budgets() throws Exception {
    JsonNode b =
        h.ok(
            "/budget/new",
            MASTER,
            "{\"budget_id\":\"bud\",\"max_budget\":10,\"budget_duration\":\"1mo\","
                + "\"model_max_budget\":{\"gpt-4o-mini\":{\"max_budget\":2}}}");
    assertThat(b.path("budget_id").asText()).isEqualTo("bud");
    assertThat(b.path("model_max_budget").path("gpt-4o-mini").decimalValue())
        .isEqualByComparingTo("2");
    assertThat(
            h.ok("/budget/update", MASTER, "{\"budget_id\":\"bud\",\"max_budget\":20}")
                .path("max_budget")
                .decimalValue())
        .isEqualByComparingTo("20");
    assertThat(h.okGet("/budget/info?budget_id=bud", MASTER).get(0).path("budget_id").asText())
        .isEqualTo("bud");
    assertThat(h.okGet("/budget/list", MASTER).size()).isPositive();
    h.ok(
        "/organization/new",
        MASTER,
        "{\"organization_id\":\"budgeted\",\"organization_alias\":\"B\","
            + "\"budget_id\":\"bud\"}");
    assertError(h.post("/budget/delete", MASTER, "{\"id\":\"bud\"}"), 409, "");
    h.ok("/organization/delete", MASTER, "{\"organization_ids\":[\"budgeted\"]}");
    assertThat(
            h.ok("/budget/delete", MASTER, "{\"id\":\"bud\"}").path("deleted_budget_id").asText())
        .isEqualTo("bud");
  }

  @Test
  void invitations() throws Exception {
    h.ok("/team/new", MASTER, "{\"team_id\":\"inv-team\"}");
    JsonNode inv =
        h.ok(
            "/invitation/new",
            MASTER,
            "{\"team_id\":\"inv-team\",\"role\":\"user\",\"max_uses\":2," + "\"duration\":\"1d\"}");
    String token = inv.path("token").asText();
    String id = inv.path("invitation_id").asText();
    assertThat(token).isNotEmpty();
    assertThat(inv.path("max_uses").asInt()).isEqualTo(2);
    // accept needs no API key: the token is the credential
    JsonNode acc =
        h.ok("/invitation/accept", null, "{\"token\":\"" + token + "\",\"user_id\":\"invitee\"}");
    assertThat(acc.path("uses").asInt()).isEqualTo(1);
    // a user the invitation created gets a key of its own in the team, shown once, that works at
    // once
    String inviteeKey = acc.path("key").asText();
    assertThat(inviteeKey).startsWith("sk-llmux-");
    assertThat(
            h.okGet("/key/info?key=" + acc.path("token").asText(), MASTER)
                .path("info")
                .path("team_id")
                .asText())
        .isEqualTo("inv-team");
    assertThat(h.chat(inviteeKey, "gpt-4o-mini").statusCode()).isEqualTo(200);
    assertThat(h.okGet("/user/info?user_id=invitee", inviteeKey).path("user_id").asText())
        .isEqualTo("invitee");
    assertThat(
            h.okGet("/team/info?team_id=inv-team", MASTER)
                .path("team_info")
                .path("members_with_roles")
                .toString())
        .contains("invitee");
    assertThat(h.okGet("/invitation/info?invitation_id=" + id, MASTER).path("uses").asInt())
        .isEqualTo(1);
    assertThat(h.okGet("/invitation/list", MASTER).path("invitations").size()).isPositive();
    h.ok(
        "/invitation/accept",
        null,
        "{\"token\":\"" + token + "\",\"user_email\":\"second@x.test\"}");
    // an existing user joins but gets no key from a token (it could be anyone's token)
    h.ok("/team/new", MASTER, "{\"team_id\":\"inv-team-2\"}");
    String token2 =
        h.ok("/invitation/new", MASTER, "{\"team_id\":\"inv-team-2\"}").path("token").asText();
    JsonNode again =
        h.ok("/invitation/accept", null, "{\"token\":\"" + token2 + "\",\"user_id\":\"invitee\"}");
    assertThat(again.has("key")).isFalse();
    HttpResponse<String> used =
        h.post("/invitation/accept", null, "{\"token\":\"" + token + "\",\"user_id\":\"third\"}");
    assertThat(used.statusCode()).as(used.body()).isIn(409, 410);
    assertError(
        h.post("/invitation/accept", null, "{\"token\":\"nope\",\"user_id\":\"x\"}"), 404, "");
    assertThat(
            h.ok("/invitation/delete", MASTER, "{\"invitation_id\":\"" + id + "\"}")
                .path("deleted_invitation_id")
                .asText())
        .isEqualTo(id);
  }

  @Test
  void spendAndGlobalActivity() throws Exception {
    JsonNode k = h.ok("/key/generate", MASTER, "{\"key_alias\":\"spender\"}");
    String secret = k.path("key").asText();
    String id = k.path("token").asText();
    for (int i = 0; i < 3; i++) {
      assertThat(
              h.post(
                      "/v1/chat/completions",
                      secret,
                      Harness.chatBody("priced"),
                      "x-request-id",
                      "mine-" + i)
                  .statusCode())
          .isEqualTo(200);
    }
    JsonNode logs = h.okGetAfterSpendFlush("/spend/logs?api_key=" + id);
    assertThat(logs.path("total").asLong()).isGreaterThanOrEqualTo(3);
    JsonNode row = logs.path("data").get(0);
    assertThat(row.path("api_key").asText()).isEqualTo(id);
    assertThat(row.path("model_group").asText()).isEqualTo("priced");
    assertThat(row.path("total_tokens").asLong()).isEqualTo(12);
    assertThat(row.path("spend").decimalValue()).isEqualByComparingTo("0.012");
    // the call id is LLMux's own, not the caller's x-request-id
    assertThat(row.path("request_id").asText()).doesNotStartWith("mine-");
    assertThat(row.path("caller_request_id").asText()).startsWith("mine-");

    JsonNode keys = h.okGet("/spend/keys?api_key=" + id, MASTER);
    assertThat(keys.get(0).path("key").asText()).isEqualTo(id);
    assertThat(keys.get(0).path("spend").decimalValue()).isEqualByComparingTo("0.036");
    assertThat(keys.get(0).path("api_requests").asLong()).isEqualTo(3);
    assertThat(h.okGet("/key/info?key=" + id, MASTER).path("info").path("spend").decimalValue())
        .isEqualByComparingTo("0.036");
    assertThat(h.okGet("/spend/models", MASTER).toString()).contains("priced");
    assertThat(h.okGet("/spend/users", MASTER).isArray()).isTrue();
    assertThat(h.okGet("/spend/teams", MASTER).isArray()).isTrue();

    JsonNode act = h.okGet("/global/activity", MASTER);
    assertThat(act.path("daily_data").size()).isPositive();
    assertThat(act.path("sum_api_requests").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(act.path("sum_total_tokens").asLong()).isGreaterThanOrEqualTo(36);
    assertThat(h.okGet("/global/spend/models?limit=5", MASTER).toString())
        .contains("\"model\":\"priced\"");
    assertThat(h.okGet("/global/spend/provider", MASTER).toString()).contains("provider_spend");
  }

  @Test
  void controlDeployments() throws Exception {
    JsonNode all = h.okGet("/control/deployments", MASTER);
    List<String> ids = new ArrayList<>();
    all.path("deployments").forEach(d -> ids.add(d.path("deployment_id").asText()));
    assertThat(ids).contains("fake-gpt-4o-mini", "fake-priced");
    JsonNode cooled =
        h.ok(
            "/control/deployments",
            MASTER,
            "{\"deployment_id\":\"fake-embed\",\"action\":\"cool_down\",\"duration\":\"5m\"}");
    assertThat(cooled.path("healthy").asBoolean()).isFalse();
    assertThat(cooled.path("cooldown_until").asText()).isNotEmpty();
    assertThat(
            h.ok(
                    "/control/deployments",
                    MASTER,
                    "{\"deployment_id\":\"fake-embed\",\"action\":\"restore\"}")
                .path("healthy")
                .asBoolean())
        .isTrue();
    assertError(
        h.post(
            "/control/deployments",
            MASTER,
            "{\"deployment_id\":\"fake-embed\",\"action\":\"explode\"}"),
        400,
        "cool_down or restore");
    assertError(
        h.post(
            "/control/deployments", MASTER, "{\"deployment_id\":\"nope\",\"action\":\"restore\"}"),
        404,
        "nope");
    // this harness was not started from a file
    assertError(h.post("/control/config/reload", MASTER, null), 400, "configuration file");
  }

  @Test
  void badInput() throws Exception {
    assertError(
        h.post("/key/generate", MASTER, "{\"max_budgett\":1}"), 400, "Unknown field 'max_budgett'");
    assertError(
        h.post("/key/generate", MASTER, "{\"max_budget\":\"lots\"}"),
        400,
        "'max_budget' must be a number");
    assertError(
        h.post("/key/generate", MASTER, "{\"models\":\"gpt\",\"tpm_limit\":-1}"), 400, "tpm_limit");
    assertError(h.post("/key/generate", MASTER, "{\"duration\":\"forever\"}"), 400, "'duration'");
    assertError(
        h.post("/key/generate", MASTER, "{\"metadata\":[1]}"),
        400,
        "'metadata' must be a JSON object");
    assertError(h.post("/key/generate", MASTER, "[1,2]"), 400, "JSON object");
    assertError(h.post("/key/generate", MASTER, "{not json"), 400, "parse");
    assertError(h.post("/key/update", MASTER, "{\"key_alias\":\"x\"}"), 400, "'key' is required");
    assertError(h.post("/key/delete", MASTER, "{\"keys\":[]}"), 400, "'keys' is required");
    assertError(h.post("/key/update", MASTER, "{\"key\":\"key-nope\"}"), 404, "key-nope");
    assertError(
        h.post("/key/generate", MASTER, "{\"team_id\":\"no-such-team\"}"), 404, "no-such-team");
    assertError(h.post("/user/new", MASTER, "{\"user_role\":\"god\"}"), 400, "user_role");
    assertError(h.post("/team/member_add", MASTER, "{\"team_id\":\"x\"}"), 404, "'x'");
    assertError(h.get("/key/list?page=0", MASTER), 400, "'page'");
    assertError(h.get("/key/list?size=100000", MASTER), 400, "'size'");
    assertError(h.get("/key/list?colour=red", MASTER), 400, "Unknown parameter 'colour'");
    assertError(h.get("/audit/logs?start_date=yesterday", MASTER), 400, "start_date");
    h.ok("/user/new", MASTER, "{\"user_id\":\"dup\"}");
    assertError(h.post("/user/new", MASTER, "{\"user_id\":\"dup\"}"), 409, "dup");
    assertError(h.get("/key/generate", MASTER), 405, "GET");
    assertError(h.post("/key/nothing", MASTER, "{}"), 404, "/key/nothing");
    assertError(h.post("/key/generate", null, "{}"), 401, "Missing API key");
  }
}
