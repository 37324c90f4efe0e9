package dev.llmux.facade;

import dev.llmux.facade.admin.Failure;
import dev.llmux.facade.admin.ManagementApi;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Every management API path ({@code /key/*}, {@code /team/*} ...): hands method, path, query, body
 * and the presented key to {@link ManagementApi}, which has its own dispatch, authorization and
 * errors ({@link Failure}, answered here as an {@link ApiErrorException}).
 */
final class ManagementEndpoint implements Endpoint {
  /** The methods the management API knows, listed in a 405's {@code Allow}. */
  static final String ALLOW = "GET, HEAD, POST, PATCH, DELETE";

  private static final byte[] NOTHING = new byte[0];

  private final ManagementApi api;
  private final BodyReader bodies;

  ManagementEndpoint(ManagementApi api, BodyReader bodies) {
    this.api = api;
    this.bodies = bodies;
  }

  @Override
  public boolean readsBody(String method) {
    // the methods the management API takes a JSON body with; others are answered 405 unread
    return method.equals("POST") || method.equals("PATCH") || method.equals("DELETE");
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    byte[] body = NOTHING;
    if (!ex.method.equals("GET") && !ex.method.equals("HEAD")) {
      body = bodies.readAll(ex);
    }
    Map<String, String> query = new HashMap<>();
    for (Fields.Field f : Request.extractQueryParameters(ex.request)) {
      query.putIfAbsent(f.getName(), f.getValue());
    }
    ManagementApi.Answer answer;
    try {
      answer =
          api.handle(
              ex.method, ex.path, query, body, Authenticator.presentedKey(ex.request.getHeaders()));
    } catch (Failure f) {
      ApiError error =
          new ApiError(f.status(), f.type(), f.getMessage(), f.param(), f.code(), null);
      throw f.status() == 405
          ? ApiErrorException.withAllow(error, ALLOW)
          : new ApiErrorException(error);
    }
    ex.sendJson(answer.status(), answer.body());
  }
}
