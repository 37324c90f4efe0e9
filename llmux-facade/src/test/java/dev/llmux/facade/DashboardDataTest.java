package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API's additions for the dashboard: {@code GET /spend/daily} (a time series with
 * the same scoping and role checks as the other spend reads) and {@code /spend/logs?status=}.
 */
class DashboardDataTest {
  AdminHarness h;
  String alice;
  String bob;
  String vera;
  String today;

  @BeforeEach
  void start() throws Exception {
    h = new AdminHarness();
    String m = AdminHarness.MASTER;
    h.ok("/user/new", m, "{\"user_id\":\"alice\"}");
    h.ok("/user/new", m, "{\"user_id\":\"bob\"}");
    h.ok("/user/new", m, "{\"user_id\":\"vera\",\"user_role\":\"proxy_admin_viewer\"}");
    alice = h.ok("/key/generate", m, "{\"user_id\":\"alice\"}").get("key").asText();
    bob = h.ok("/key/generate", m, "{\"user_id\":\"bob\"}").get("key").asText();
    vera = h.ok("/key/generate", m, "{\"user_id\":\"vera\"}").get("key").asText();
    assertThat(h.chat(alice, "priced").statusCode()).isEqualTo(200);
    assertThat(h.chat(alice, "priced").statusCode()).isEqualTo(200);
    assertThat(h.chat(alice, "upstream-500").statusCode()).isGreaterThanOrEqualTo(500);
    assertThat(h.chat(bob, "priced").statusCode()).isEqualTo(200);
    h.okGetAfterSpendFlush("/spend/logs");
    today = LocalDate.now(ZoneOffset.UTC).toString();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  static JsonNode day(JsonNode daily, String date) {
    for (JsonNode d : daily.get("daily_data")) {
      if (d.get("date").asText().equals(date)) {
        return d;
      }
    }
    throw new AssertionError("no " + date + " in " + daily);
  }

  @Test
  void theDailySeriesFillsEveryDayOfTheRange() throws Exception {
    JsonNode all = h.okGet("/spend/daily", AdminHarness.MASTER);
    assertThat(all.get("daily_data")).hasSize(DashboardEndpointsDefaults.DAYS);
    assertThat(all.get("end_date").asText()).isEqualTo(today);
    JsonNode t = day(all, today);
    assertThat(t.get("api_requests").asLong()).isEqualTo(4);
    assertThat(t.get("failures").asLong()).isEqualTo(1);
    assertThat(t.get("spend").decimalValue()).isEqualByComparingTo("0.036");
    assertThat(all.get("sum_api_requests").asLong()).isEqualTo(4);
    assertThat(all.get("sum_failures").asLong()).isEqualTo(1);
    assertThat(all.get("sum_spend").decimalValue()).isEqualByComparingTo("0.036");
    JsonNode yesterday = all.get("daily_data").get(DashboardEndpointsDefaults.DAYS - 2);
    assertThat(yesterday.get("api_requests").asLong()).isZero();
    assertThat(yesterday.get("spend").decimalValue()).isZero();

    String from = LocalDate.parse(today).minusDays(2).toString();
    JsonNode three =
        h.okGet("/spend/daily?start_date=" + from + "&end_date=" + today, AdminHarness.MASTER);
    assertThat(three.get("daily_data"))
        .extracting(d -> d.get("date").asText())
        .containsExactly(from, LocalDate.parse(today).minusDays(1).toString(), today);

    JsonNode priced = h.okGet("/spend/daily?model=priced", AdminHarness.MASTER);
    assertThat(priced.get("sum_api_requests").asLong()).isEqualTo(3);
    assertThat(priced.get("sum_failures").asLong()).isZero();
  }

  @Test
  void eachRoleGetsWhatTheOtherSpendReadsGiveIt() throws Exception {
    JsonNode own = h.okGet("/spend/daily", alice);
    assertThat(own.get("sum_api_requests").asLong()).isEqualTo(3);
    assertThat(own.get("sum_spend").decimalValue()).isEqualByComparingTo("0.024");
    assertThat(h.okGet("/spend/daily", bob).get("sum_api_requests").asLong()).isEqualTo(1);
    HttpResponse<String> other = h.get("/spend/daily?user_id=bob", alice);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("permission_error");
    assertThat(h.get("/spend/daily?team_id=nope", alice).statusCode()).isEqualTo(404);
    assertThat(h.okGet("/spend/daily", vera).get("sum_api_requests").asLong()).isEqualTo(4);
    assertThat(h.okGet("/spend/daily?user_id=bob", vera).get("sum_api_requests").asLong())
        .isEqualTo(1);
    assertThat(h.get("/spend/daily", null).statusCode()).isEqualTo(401);
  }

  @Test
  void badInputIsA400NamingTheField() throws Exception {
    HttpResponse<String> unknown = h.get("/spend/daily?days=3", AdminHarness.MASTER);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("'days'");
    HttpResponse<String> date = h.get("/spend/daily?start_date=yesterday", AdminHarness.MASTER);
    assertThat(date.statusCode()).isEqualTo(400);
    assertThat(date.body()).contains("start_date");
    HttpResponse<String> order =
        h.get("/spend/daily?start_date=2026-02-02&end_date=2026-02-01", AdminHarness.MASTER);
    assertThat(order.statusCode()).isEqualTo(400);
    assertThat(h.post("/spend/daily", AdminHarness.MASTER, "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void logsFilterByStatus() throws Exception {
    JsonNode failed = h.okGet("/spend/logs?status=failure", AdminHarness.MASTER);
    assertThat(failed.get("total").asLong()).isEqualTo(1);
    assertThat(failed.get("data").get(0).get("model_group").asText()).isEqualTo("upstream-500");
    assertThat(h.okGet("/spend/logs?status=success", AdminHarness.MASTER).get("total").asLong())
        .isEqualTo(3);
    String code = failed.get("data").get(0).get("status").asText();
    assertThat(h.okGet("/spend/logs?status=" + code, AdminHarness.MASTER).get("total").asLong())
        .isEqualTo(1);
    // scoped as before: bob's own successes only
    assertThat(h.okGet("/spend/logs?status=success", bob).get("total").asLong()).isEqualTo(1);
    assertThat(h.get("/spend/logs?status=no%20such", AdminHarness.MASTER).statusCode())
        .isEqualTo(400);
  }

  /** The default range of {@code /spend/daily}. */
  static final class DashboardEndpointsDefaults {
    static final int DAYS = 30;
  }
}
