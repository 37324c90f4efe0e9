package dev.llmux.facade;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * A dashboard call ({@code /ui/api/key/list}) as the API call it stands for ({@code /key/list}):
 * the same method, query, body and connection, the path without {@code /ui/api}, and the session's
 * credential as the only one ({@code Authorization: Bearer}; the cookie and any other key header
 * removed). So the facade authenticates and authorizes it exactly as a call made with that key.
 */
final class UiRequest extends Request.Wrapper {
  private final HttpURI uri;
  private final HttpFields headers;

  /**
   * @param credential presented as {@code Authorization: Bearer}, or {@code null} for none
   */
  UiRequest(Request wrapped, String path, String credential, String requestId) {
    super(wrapped);
    this.uri = HttpURI.build(wrapped.getHttpURI()).path(path).asImmutable();
    HttpFields.Mutable h = HttpFields.build(wrapped.getHeaders());
    h.remove(HttpHeader.AUTHORIZATION);
    h.remove(HttpHeader.COOKIE);
    h.remove("api-key");
    h.remove("x-api-key");
    h.remove(UiEndpoint.CSRF_HEADER);
    if (credential != null) {
      h.put(HttpHeader.AUTHORIZATION, "Bearer " + credential);
    }
    h.put(Exchange.H_REQUEST_ID, requestId);
    this.headers = h.asImmutable();
  }

  @Override
  public HttpURI getHttpURI() {
    return uri;
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }
}
