package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tracing:} end to end: a facade started from a file exports its spans to an OTLP receiver
 * in this test (http/protobuf: protobuf POSTs to {@code /v1/traces}; grpc: the gRPC framing over
 * h2c, answered with {@code grpc-status: 0}), the caller's {@code traceparent} is the parent, the
 * router's spans carry the GenAI attributes, and the upstream call (WireMock) carries the trace.
 */
class TracingExportTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

  static final String CHAT_JSON =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hi."},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11}}
      """;

  @TempDir Path dir;
  WireMockServer wm;
  Server receiver;
  final List<ResourceSpans> received = new CopyOnWriteArrayList<>();
  final List<String> receivedPaths = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (wm != null) {
      wm.stop();
    }
    if (receiver != null) {
      receiver.stop();
    }
  }

  /** An OTLP receiver: plain HTTP/1.1 for http/protobuf, h2c (prior knowledge) for grpc. */
  int startReceiver(boolean grpc) throws Exception {
    receiver = new Server();
    HttpConfiguration hc = new HttpConfiguration();
    ServerConnector c =
        grpc
            ? new ServerConnector(receiver, new HTTP2CServerConnectionFactory(hc))
            : new ServerConnector(receiver, new HttpConnectionFactory(hc));
    c.setHost("127.0.0.1");
    c.setPort(0);
    receiver.addConnector(c);
    receiver.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            receivedPaths.add(Request.getPathInContext(request));
            if (grpc) {
              // 1 byte compressed flag, 4 bytes length, then the message
              ByteBuffer b = ByteBuffer.wrap(body);
              assertThat(b.get()).isZero();
              byte[] msg = new byte[b.getInt()];
              b.get(msg);
              received.addAll(ExportTraceServiceRequest.parseFrom(msg).getResourceSpansList());
              byte[] out = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
              ByteBuffer framed = ByteBuffer.allocate(5 + out.length);
              framed.put((byte) 0).putInt(out.length).put(out).flip();
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
              response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
              response.write(true, framed, callback);
            } else {
              received.addAll(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-protobuf");
              response.write(
                  true,
                  ByteBuffer.wrap(ExportTraceServiceResponse.getDefaultInstance().toByteArray()),
                  callback);
            }
            return true;
          }
        });
    receiver.start();
    return c.getLocalPort();
  }

  static String hex(com.google.protobuf.ByteString b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }

  static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
    return kvs.stream()
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void spansReachTheCollectorAsChildrenOfTheCallersTraceAndTheUpstreamCarriesIt(String protocol)
      throws Exception {
    int port = startReceiver("grpc".equals(protocol));
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CHAT_JSON)));
    Path config = dir.resolve("llmux.yaml");
    Files.writeString(
        config,
        """
        providers:
          - name: upstream
            type: openai
            api_key: sk-upstream
            base_url: %s/v1
            models: [gpt-4o-mini]
        logging: {format: json}
        tracing:
          enabled: true
          endpoint: 127.0.0.1:%d
          protocol: %s
          service_name: llmux-test
        """
            .formatted(wm.baseUrl(), port, protocol));
    java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    FacadeLogging.target(logs);
    Main.Launched f = Main.launch(config, 0);
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(f.server().baseUri() + "/v1/chat/completions"))
                      .header("content-type", "application/json")
                      .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                                  + "\"content\":\"hi\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } finally {
      f.stop(); // flushes the spans
      FacadeLogging.target(null);
      FacadeLogging.apply(LoggingConfig.defaults(Map.of()));
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    assertThat(received).isNotEmpty();
    if ("http/protobuf".equals(protocol)) {
      assertThat(receivedPaths).containsOnly("/v1/traces");
    } else {
      assertThat(receivedPaths)
          .containsOnly("/opentelemetry.proto.collector.trace.v1.TraceService/Export");
    }
    assertThat(attributes(received.get(0).getResource().getAttributesList()).get("service.name"))
        .extracting(AnyValue::getStringValue)
        .isEqualTo("llmux-test");
    List<Span> spans =
        received.stream()
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .flatMap((ScopeSpans ss) -> ss.getSpansList().stream())
            .filter(s -> hex(s.getTraceId()).equals(TRACE_ID))
            .toList();
    // the facade's SERVER span continues the caller's traceparent
    Span server =
        spans.stream()
            .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
            .findFirst()
            .orElseThrow();
    assertThat(hex(server.getParentSpanId())).isEqualTo(PARENT_SPAN_ID);
    assertThat(server.getName()).startsWith("POST ");
    // the router's span is its child, with the GenAI attributes
    Span call =
        spans.stream()
            .filter(s -> hex(s.getParentSpanId()).equals(hex(server.getSpanId())))
            .findFirst()
            .orElseThrow();
    Map<String, AnyValue> ca = attributes(call.getAttributesList());
    assertThat(ca.get("gen_ai.request.model").getStringValue()).isEqualTo("gpt-4o-mini");
    assertThat(ca.get("gen_ai.usage.input_tokens").getIntValue()).isEqualTo(8);
    assertThat(ca.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(3);
    Optional<Span> attempt =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst();
    assertThat(attempt).isPresent();
    assertThat(hex(attempt.get().getParentSpanId())).isEqualTo(hex(call.getSpanId()));
    Map<String, AnyValue> aa = attributes(attempt.get().getAttributesList());
    assertThat(aa.get("gen_ai.provider.name").getStringValue()).isEqualTo("openai");
    assertThat(aa.get("llmux.model_group").getStringValue()).isEqualTo("gpt-4o-mini");

    // the access line carries the trace id
    String accessLine =
        logs.toString(java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("\"logger\":\"" + FacadeLogging.ACCESS_LOGGER + "\""))
            .findFirst()
            .orElseThrow();
    assertThat(accessLine).contains("\"trace_id\":\"" + TRACE_ID + "\"");

    // the upstream call carries the trace (same trace id, a span of this facade as parent)
    List<LoggedRequest> up = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(up).hasSize(1);
    String tp = up.get(0).getHeader("traceparent");
    assertThat(tp).startsWith("00-" + TRACE_ID + "-").doesNotContain(PARENT_SPAN_ID);
    String upstreamParent = tp.split("-")[2];
    assertThat(spans.stream().map(s -> hex(s.getSpanId()))).contains(upstreamParent);
  }
}
