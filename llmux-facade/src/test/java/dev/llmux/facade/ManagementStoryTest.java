package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.core.RequestContext;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The full story over real sockets: the master key creates an organization, a team, a user and a
 * key; the key chats; its budget runs out (429); blocked it is refused (401); every change is in
 * the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementStoryTest {
  /**
   * 9 prompt + 3 completion tokens at 0.001: 0.012 USD; max_tokens bounds the pre-call estimate.
   */
  static final String PRICED_CALL =
      "{\"model\":\"priced\",\"user\":\"end-1\",\"max_tokens\":5,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  final MutableClock clock = AdminHarness.newClock();
  AdminHarness h;

  @BeforeAll
  void start() throws Exception {
    h = new AdminHarness(clock);
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  @Test
  void theFullStory() throws Exception {
    JsonNode org =
        h.ok(
            "/organization/new",
            MASTER,
            "{\"organization_id\":\"acme\",\"organization_alias\":\"Acme\",\"models\":[\"gpt-4o-mini\",\"priced\"]}");
    assertThat(org.path("organization_id").asText()).isEqualTo("acme");
    assertThat(org.path("organization_alias").asText()).isEqualTo("Acme");

    JsonNode user =
        h.ok(
            "/user/new",
            MASTER,
            "{\"user_id\":\"alice\",\"user_email\":\"alice@acme.test\",\"user_role\":\"internal_user\"}");
    assertThat(user.path("user_id").asText()).isEqualTo("alice");
    assertThat(user.path("user_role").asText()).isEqualTo("internal_user");

    JsonNode team =
        h.ok(
            "/team/new",
            MASTER,
            "{\"team_id\":\"search\",\"team_alias\":\"Search\","
                + "\"organization_id\":\"acme\",\"tags\":[\"search-team\"],\"members_with_roles\":[{\"role\":\"admin\",\"user_id\":\"alice\"}]}");
    assertThat(team.path("team_id").asText()).isEqualTo("search");
    assertThat(team.path("organization_id").asText()).isEqualTo("acme");
    assertThat(team.path("members_with_roles").get(0).path("role").asText()).isEqualTo("admin");

    JsonNode key =
        h.ok(
            "/key/generate",
            MASTER,
            "{\"key_alias\":\"alice-search\",\"user_id\":\"alice\","
                + "\"team_id\":\"search\",\"max_budget\":0.03,\"metadata\":{\"env\":\"test\"},\"tags\":[\"alice\"]}");
    String secret = key.path("key").asText();
    String keyId = key.path("token").asText();
    assertThat(secret).startsWith("sk-");
    assertThat(key.path("key_name").asText()).doesNotContain(secret.substring(12));
    assertThat(key.path("team_id").asText()).isEqualTo("search");
    assertThat(key.path("organization_id").asText()).isEqualTo("acme");
    assertThat(key.path("max_budget").decimalValue()).isEqualByComparingTo("0.03");

    // chat with the key: the request context carries key, user, team, org and end user
    HttpResponse<String> chat = h.post("/v1/chat/completions", secret, PRICED_CALL);
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    RequestContext ctx = h.contexts.get(h.contexts.size() - 1);
    assertThat(ctx.keyId()).isEqualTo(keyId);
    assertThat(ctx.userId()).isEqualTo("alice");
    assertThat(ctx.teamId()).isEqualTo("search");
    assertThat(ctx.orgId()).isEqualTo("acme");
    assertThat(ctx.endUserId()).isEqualTo("end-1");
    assertThat(ctx.tags()).containsExactly("alice", "search-team"); // the key's, then its team's

    // a model outside the organization's list is 403
    assertThat(h.chat(secret, "embed").statusCode()).isEqualTo(403);

    // the key's budget (0.03; 0.012 per call, checked before each call) runs out: 429 budget error
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 5 && !statuses.contains(429); i++) {
      last = h.post("/v1/chat/completions", secret, PRICED_CALL);
      statuses.add(last.statusCode());
    }
    assertThat(statuses).startsWith(200).contains(429);
    assertThat(AdminHarness.json(last).path("error").path("code").asText())
        .isEqualTo("budget_exceeded");

    // the spend of the successful calls is in the logs, the per-key totals and the daily aggregates
    long successes = statuses.stream().filter(st -> st == 200).count() + 1;
    JsonNode logs = h.okGetAfterSpendFlush("/spend/logs?api_key=" + keyId + "&size=100");
    assertThat(logs.path("data").size())
        .isGreaterThanOrEqualTo((int) successes); // the 403 was refused before routing: no row
    assertThat(logs.path("data").get(0).path("team_id").asText()).isEqualTo("search");
    // the first call's x-llmux-call-id names its spend row
    String callId = chat.headers().firstValue("x-llmux-call-id").orElseThrow();
    JsonNode first = h.okGet("/spend/logs?request_id=" + callId, MASTER);
    assertThat(first.path("data")).hasSize(1);
    assertThat(first.path("data").get(0).path("request_id").asText()).isEqualTo(callId);
    assertThat(logs.path("data").get(0).path("organization_id").asText()).isEqualTo("acme");
    assertThat(logs.path("data").get(0).path("end_user").asText()).isEqualTo("end-1");
    JsonNode perKey = h.okGet("/spend/keys?api_key=" + keyId, MASTER);
    assertThat(perKey.get(0).path("spend").decimalValue())
        .isEqualByComparingTo(
            new java.math.BigDecimal("0.012").multiply(java.math.BigDecimal.valueOf(successes)));
    JsonNode activity = h.okGet("/global/activity", MASTER);
    assertThat(activity.path("sum_api_requests").asLong()).isGreaterThanOrEqualTo(successes);
    assertThat(activity.path("daily_data").get(0).path("date").asText())
        .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    assertThat(h.okGet("/spend/teams?team_id=search", MASTER).get(0).path("team_id").asText())
        .isEqualTo("search");

    // block the key: 401 saying blocked; unblock: back to the budget error
    JsonNode blocked = h.ok("/key/block", MASTER, "{\"key\":\"" + keyId + "\"}");
    assertThat(blocked.path("blocked").asBoolean()).isTrue();
    HttpResponse<String> refused = h.chat(secret, "gpt-4o-mini");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(AdminHarness.json(refused).path("error").path("message").asText())
        .contains("blocked");
    h.ok("/key/unblock", MASTER, "{\"key\":\"" + keyId + "\"}");
    assertThat(h.chat(secret, "gpt-4o-mini").statusCode()).isEqualTo(200);

    // every change is audited, with who did it
    JsonNode audit = h.okGet("/audit/logs?size=100", MASTER);
    List<String> actions = new ArrayList<>();
    audit.path("audit_logs").forEach(a -> actions.add(a.path("action").asText()));
    assertThat(actions)
        .contains(
            "organization.create",
            "user.create",
            "team.create",
            "key.generate",
            "key.block",
            "key.unblock");
    audit
        .path("audit_logs")
        .forEach(a -> assertThat(a.path("changed_by").asText()).isEqualTo("master"));
    JsonNode keyAudit = h.okGet("/audit/logs?object_id=" + keyId + "&action=key.block", MASTER);
    assertThat(keyAudit.path("audit_logs")).hasSize(1);
    assertThat(keyAudit.path("audit_logs").get(0).path("before_value").asText())
        .contains("\"blocked\":false");
  }

  @Test
  void expiredKeyIs401SayingExpired() throws Exception {
    JsonNode key = h.ok("/key/generate", MASTER, "{\"duration\":\"1h\"}");
    String secret = key.path("key").asText();
    assertThat(key.path("expires").asText()).isNotEmpty();
    assertThat(h.chat(secret, "gpt-4o-mini").statusCode()).isEqualTo(200);
    clock.advance(java.time.Duration.ofHours(2));
    HttpResponse<String> r = h.chat(secret, "gpt-4o-mini");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(AdminHarness.json(r).path("error").path("message").asText()).contains("expired");
  }
}
