package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.facade.RouteTable.Methods;
import dev.llmux.facade.RouteTable.Route;
import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.LlmuxDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteTable#find} without a server: the order of the lookups and the route of each kind of
 * path.
 */
class RouteTableTest {
  static final Endpoint LIVE = (ex, p) -> {};
  static final Endpoint CHAT = (ex, p) -> {};
  static final Endpoint MODELS = (ex, p) -> {};
  static final Endpoint MODEL = (ex, p) -> {};
  static final Endpoint MANAGEMENT = (ex, p) -> {};

  static RouteTable.Builder table(boolean adminPortSet) {
    return RouteTable.builder(adminPortSet)
        .open("/health/live", Methods.GET, LIVE)
        .api("/chat/completions", Methods.POST, CHAT)
        .api("/models", Methods.GET, MODELS)
        .model(Methods.GET, MODEL);
  }

  @Test
  void apiPathsAreFoundWithAndWithoutV1UnderTheV1Name() {
    RouteTable t = table(false).build();
    for (String path : new String[] {"/v1/chat/completions", "/chat/completions"}) {
      Route r = t.find(path, false);
      assertThat(r.name()).isEqualTo("/v1/chat/completions");
      assertThat(r.endpoint()).isSameAs(CHAT);
      assertThat(r.keyed()).isTrue();
      assertThat(r.methods()).isEqualTo(Methods.POST);
    }
    assertThat(t.find("/models", false).endpoint()).isSameAs(MODELS);
    for (String path :
        new String[] {
          "/v1/models/gpt-4o", "/models/gpt-4o", "/v1/models/openai/gpt-4o", "/models/x/"
        }) {
      assertThat(t.find(path, false).endpoint()).as(path).isSameAs(MODEL);
      assertThat(t.find(path, false).name()).isEqualTo("/v1/models/{id}");
    }
  }

  @Test
  void openRoutesNeedNoKeyAndHaveNoV1Alias() {
    RouteTable t = table(false).build();
    Route live = t.find("/health/live", false);
    assertThat(live.endpoint()).isSameAs(LIVE);
    assertThat(live.keyed()).isFalse();
    assertThat(live.name()).isEqualTo("/health/live");
    assertThat(t.find("/v1/health/live", false).name()).isEqualTo(RouteTable.R_OTHER);
    assertThat(t.find("/health/live", true).endpoint()).as("on the admin port too").isSameAs(LIVE);
  }

  @Test
  void unknownAndNotServedPathsAreKeyedRoutesForAnyMethod() {
    RouteTable t = table(false).build();
    for (String path :
        new String[] {
          "/",
          "/v1",
          "/v1/",
          "/v1/models/",
          "/models/",
          "/v1/v1/models",
          "/chat",
          "/v1/chat/completions/x",
          "*",
          "/key/generate"
        }) {
      Route r = t.find(path, false);
      assertThat(r.name()).as(path).isEqualTo(RouteTable.R_OTHER);
      assertThat(r.keyed()).isTrue();
      assertThat(r.methods()).isEqualTo(Methods.ANY);
    }
    for (String path :
        new String[] {
          "/v1/audio/speech",
          "/audio",
          "/v1/responses/resp_1",
          "/completions/x",
          "/v1/organization/info",
          "/v1/vector_stores",
          "/fine-tunes/x",
          "/v1/chatkit"
        }) {
      Route r = t.find(path, false);
      assertThat(r.name()).as(path).isEqualTo(RouteTable.R_NOT_SERVED);
      assertThat(r.keyed()).isTrue();
      assertThat(r.methods()).isEqualTo(Methods.ANY);
    }
  }

  @Test
  void methods() {
    assertThat(Methods.GET.allows("GET")).isTrue();
    assertThat(Methods.GET.allows("HEAD")).isTrue();
    assertThat(Methods.GET.allows("POST")).isFalse();
    assertThat(Methods.GET.allow).isEqualTo("GET, HEAD");
    assertThat(Methods.POST.allows("POST")).isTrue();
    assertThat(Methods.POST.allows("GET")).isFalse();
    assertThat(Methods.POST.allows("post")).isFalse();
    assertThat(Methods.POST.allow).isEqualTo("POST");
    assertThat(Methods.ANY.allows("DELETE")).isTrue();
  }

  @Test
  void theManagementApiIsOnTheAdminPortWhenThereIsOneElseOnTheMainPort() {
    try (LlmuxDatabase db = LlmuxDatabase.builder().url(AdminHarness.memUrl()).build()) {
      ManagementApi api = ManagementApi.builder(db).build();

      RouteTable onMain = table(false).management(api, MANAGEMENT).build();
      Route known = onMain.find("/key/generate", false);
      assertThat(known.endpoint()).isSameAs(MANAGEMENT);
      assertThat(known.name()).isEqualTo("/key/generate");
      assertThat(known.keyed()).as("the management API checks keys itself").isFalse();
      assertThat(known.methods()).isEqualTo(Methods.ANY);
      assertThat(onMain.find("/key/nope", false).name()).isEqualTo(RouteTable.R_MANAGEMENT);
      assertThat(onMain.find("/organization/info", false).endpoint())
          .as("before the area not served")
          .isSameAs(MANAGEMENT);
      assertThat(onMain.find("/v1/chat/completions", false).endpoint()).isSameAs(CHAT);

      RouteTable withAdminPort = table(true).management(api, MANAGEMENT).build();
      assertThat(withAdminPort.find("/key/generate", true).endpoint()).isSameAs(MANAGEMENT);
      assertThat(withAdminPort.find("/health/live", true).endpoint()).isSameAs(LIVE);
      Route apiOnAdmin = withAdminPort.find("/v1/chat/completions", true);
      assertThat(apiOnAdmin.name()).isEqualTo(RouteTable.R_OTHER);
      assertThat(apiOnAdmin.keyed()).isFalse();
      assertThat(apiOnAdmin.endpoint()).isNotSameAs(CHAT);
      assertThat(withAdminPort.find("/key/generate", false).name())
          .as("an API path on the main port")
          .isEqualTo(RouteTable.R_OTHER);
      assertThat(withAdminPort.find("/organization/info", false).name())
          .isEqualTo(RouteTable.R_NOT_SERVED);
      assertThat(withAdminPort.find("/v1/chat/completions", false).endpoint()).isSameAs(CHAT);
    }
  }

  @Test
  void anAdminPortWithoutTheManagementApiServesHealthOnly() {
    RouteTable t = table(true).build();
    assertThat(t.find("/health/live", true).endpoint()).isSameAs(LIVE);
    assertThat(t.find("/key/generate", true).keyed()).isFalse();
    assertThat(t.find("/key/generate", true).name()).isEqualTo(RouteTable.R_OTHER);
    assertThat(t.find("/v1/models", true).endpoint()).isNotSameAs(MODELS);
  }
}
