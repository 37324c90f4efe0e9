package dev.llmux.facade.admin;

/** {@code /spend/logs|keys|teams|users|models} and {@code /global/activity|spend/models|spend/provider}. */
final class SpendEndpoints {
  private final ManagementApi api;

  SpendEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    // filled once the spend queries exist
  }
}
