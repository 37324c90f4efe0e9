package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.GeneratedKey;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.LlmuxDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's setup: a database but no master key and no configured keys (loopback only). The OpenAI
 * endpoints stay open; a database key presented there still counts; the management API cannot be
 * used.
 */
class ManagementWithoutMasterKeyTest {
  @Test
  void openApiOnLoopbackAndAClosedManagementApi() throws Exception {
    LlmuxDatabase db = LlmuxDatabase.builder().url(AdminHarness.memUrl()).build();
    try (AdminHarness h = new AdminHarness(db, ServerConfig.builder().port(0).build())) {
      assertThat(h.chat(null, "gpt-4o-mini").statusCode()).isEqualTo(200);
      assertThat(h.chat("sk-whatever-the-sdk-sends", "gpt-4o-mini").statusCode()).isEqualTo(200);

      HttpResponse<String> denied = h.post("/key/generate", null, "{}");
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(denied.body()).contains("no master key is configured");
      assertThat(h.post("/key/generate", "sk-guess", "{}").statusCode()).isEqualTo(401);

      // a key made in the database (by another instance, or in code) is recognised: its limits
      // apply
      GeneratedKey k =
          db.keys()
              .generate(
                  new KeySpec(
                      "limited", null, null, List.of("embed"), null, null, null, null, null, null),
                  Actor.SYSTEM);
      assertThat(h.chat(k.key(), "gpt-4o-mini").statusCode()).isEqualTo(403);
      int before = h.contexts.size();
      assertThat(
              h.post(
                      "/v1/chat/completions",
                      k.key(),
                      Harness.chatBody("gpt-4o-mini").replace("gpt-4o-mini", "embed"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(h.contexts.get(before).keyId()).isEqualTo(k.info().id());
      db.keys().block(k.info().id(), Actor.SYSTEM);
      assertThat(h.chat(k.key(), "embed").statusCode()).isEqualTo(401);
    }
  }
}
