package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stopped under a facade started from its file (an H2 TCP server taken down and
 * brought back on the same port): {@code /health/ready} reports it, 503 with the reason when the
 * database is required ({@code governance.fail_open: false}, the default), degraded (200) when
 * fail-open, and ready again once the database answers.
 */
class DatabaseReadinessTest {
  @TempDir Path dir;
  Server tcp;
  Sidecars fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (tcp != null) {
      tcp.stop();
    }
  }

  private Main.Launched facade(boolean failOpen) throws Exception {
    tcp = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    // in memory, outliving its server (DB_CLOSE_DELAY=-1): stopping the server cuts every
    // connection, as an outage does
    String url =
        "jdbc:h2:tcp://127.0.0.1:"
            + tcp.getPort()
            + "/mem:llmux-ready-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1";
    fleet =
        new Sidecars(
            dir,
            """
            providers:
              - {name: fake, type: fake, models: [{name: chat, model: ok}]}
            governance: {fail_open: %s}
            server: {master_key: %s}
            database:
              url: "%s"
            """
                .formatted(failOpen, Sidecars.MASTER, url),
            Map.of());
    return fleet.start();
  }

  private void restartDatabase() throws Exception {
    tcp =
        Server.createTcpServer("-tcpPort", Integer.toString(tcp.getPort()), "-ifNotExists").start();
  }

  @Test
  void aRequiredDatabaseDownMakesTheInstanceNotReadyUntilItIsBack() throws Exception {
    Main.Launched l = facade(false);
    HttpResponse<String> up = fleet.get(l, "/health/ready");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(Sidecars.json(up).path("checks").path("database").path("status").asText())
        .isEqualTo("up");

    tcp.stop();
    HttpResponse<String> down = fleet.get(l, "/health/ready");
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    JsonNode j = Sidecars.json(down);
    assertThat(j.path("status").asText()).isEqualTo("not_ready");
    assertThat(j.path("reason").asText()).startsWith("database is down: ");
    assertThat(j.path("checks").path("database").path("status").asText()).isEqualTo("down");
    assertThat(j.path("checks").path("database").path("required").asBoolean()).isTrue();
    assertThat(j.path("checks").path("database").path("impact").asText()).contains("fail-closed");
    assertThat(j.path("checks").path("router").path("status").asText()).isEqualTo("up");
    // liveness is not readiness: the process is fine
    assertThat(fleet.get(l, "/health/live").statusCode()).isEqualTo(200);

    restartDatabase();
    Await.until(() -> fleet.get(l, "/health/ready").statusCode() == 200, "readiness");
    assertThat(Sidecars.json(fleet.get(l, "/health/ready")).path("status").asText())
        .isEqualTo("ready");
  }

  @Test
  void aFailOpenDatabaseDownLeavesTheInstanceReadyButDegraded() throws Exception {
    Main.Launched l = facade(true);
    assertThat(fleet.get(l, "/health/ready").statusCode()).isEqualTo(200);

    tcp.stop();
    HttpResponse<String> down = fleet.get(l, "/health/ready");
    assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
    JsonNode j = Sidecars.json(down);
    assertThat(j.path("status").asText()).isEqualTo("degraded");
    assertThat(j.has("reason")).isFalse();
    assertThat(j.path("checks").path("database").path("status").asText()).isEqualTo("down");
    assertThat(j.path("checks").path("database").path("required").asBoolean()).isFalse();
    assertThat(j.path("checks").path("database").path("impact").asText()).contains("fail-open");

    restartDatabase();
    Await.until(
        () -> Sidecars.json(fleet.get(l, "/health/ready")).path("status").asText().equals("ready"),
        "readiness");
  }
}
