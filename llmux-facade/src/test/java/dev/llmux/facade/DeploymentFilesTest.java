package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.core.config.DeploymentMode;
import dev.llmux.core.config.MetricsConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files (Dockerfile, docker-compose.yml, .env.example, deploy/k8s, the Helm chart)
 * agree with the facade: its port, probe paths, metrics path, graceful-stop timeout and the config
 * file they ship, which the facade must accept. No Docker engine or cluster is needed: the files
 * are parsed; the chart is rendered with {@code helm template} when {@code helm} is on the PATH.
 */
class DeploymentFilesTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final int PORT = ServerConfig.DEFAULT_PORT;
  static final String LIVE = HealthEndpoint.LIVE_PATH;
  static final String READY = HealthEndpoint.READY_PATH;
  static final String METRICS = MetricsConfig.DEFAULT_PATH;
  static final String CONFIG_IN_IMAGE = "/config/llmux.yaml";

  @TempDir Path tmp;

  // ---- Dockerfile ------------------------------------------------------------------------------

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  static List<String[]> dockerfile() throws IOException {
    List<String[]> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      String t = line.strip();
      if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        cur.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      cur.append(t);
      String s = cur.toString().strip();
      cur.setLength(0);
      int sp = s.indexOf(' ');
      out.add(new String[] {s.substring(0, sp).toUpperCase(), s.substring(sp + 1).strip()});
    }
    return out;
  }

  static List<String> args(List<String[]> df, String instruction) {
    return df.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
  }

  static List<String> jsonArray(String s) throws IOException {
    List<String> l = new ArrayList<>();
    new ObjectMapper().readTree(s).forEach(n -> l.add(n.asText()));
    return l;
  }

  @Test
  void dockerfileBuildsInOneStageRunsNonRootAndChecksTheLivenessProbe() throws Exception {
    List<String[]> df = dockerfile();
    List<String> from = args(df, "FROM");
    assertThat(from).hasSizeGreaterThanOrEqualTo(2);
    assertThat(from.get(0)).containsIgnoringCase(" AS build");
    assertThat(args(df, "ARG")).anyMatch(a -> a.startsWith("JRE_IMAGE=") && a.contains("jre"));
    assertThat(args(df, "RUN"))
        .anyMatch(r -> r.contains("./mvnw") && r.contains("-pl llmux-facade"));
    assertThat(args(df, "COPY")).anyMatch(c -> c.startsWith("--from=build"));
    assertThat(args(df, "COPY"))
        .anyMatch(c -> c.endsWith("deploy/config/llmux.yaml " + CONFIG_IN_IMAGE));

    // the last USER is not root
    List<String> users = args(df, "USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).split(":")[0];
    assertThat(user).isNotIn("root", "0");

    assertThat(args(df, "EXPOSE")).containsExactly(String.valueOf(PORT));
    assertThat(args(df, "ENV")).anyMatch(e -> e.contains("LLMUX_HOST=0.0.0.0"));
    assertThat(args(df, "STOPSIGNAL")).containsExactly("SIGTERM");
    assertThat(jsonArray(args(df, "ENTRYPOINT").get(0)))
        .containsExactly("java", "-jar", "/app/llmux-facade.jar");
    assertThat(jsonArray(args(df, "CMD").get(0))).containsExactly("--config", CONFIG_IN_IMAGE);

    String hc = args(df, "HEALTHCHECK").get(0);
    List<String> cmd = jsonArray(hc.substring(hc.indexOf("CMD ") + 4));
    assertThat(cmd)
        .contains("/app/llmux-facade.jar", HealthCheck.class.getName(), HealthCheck.DEFAULT_URL);
    assertThat(HealthCheck.DEFAULT_URL).isEqualTo("http://127.0.0.1:" + PORT + LIVE);
    // the image's health check flags keep the JVM small; the class must be in the jar's main code
    assertThat(HealthCheck.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .doesNotContain("test-classes");
    assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target", ".git");
  }

  // ---- the shipped config, docker-compose.yml and .env.example ----------------------------------

  /** {@code .env.example} as a map. */
  static Map<String, String> envExample() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }

  private static final Pattern COMPOSE_VAR =
      Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?}");

  /** A compose value with {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?msg}} resolved. */
  static String composeValue(String v, Map<String, String> env) {
    Matcher m = COMPOSE_VAR.matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String val = env.get(m.group(1));
      if ((val == null || val.isEmpty()) && m.group(2) != null && m.group(2).endsWith("-")) {
        val = m.group(3);
      }
      assertThat(val).as("%s is neither in .env.example nor defaulted", m.group(1)).isNotNull();
      m.appendReplacement(sb, Matcher.quoteReplacement(val));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static Map<String, Object> yaml(Path p) throws IOException {
    return map(new Yaml().load(Files.readString(p)));
  }

  static Duration duration(String s) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(s);
    assertThat(m.matches()).as(s).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  @Test
  void composeRunsTwoDistributedFacadesOnPostgresAndRedisWithTheShippedConfig() throws Exception {
    Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsKeys("llmux-1", "llmux-2", "postgres", "redis");
    Map<String, String> dotEnv = envExample();
    List<String> hostPorts = new ArrayList<>();
    for (String name : List.of("llmux-1", "llmux-2")) {
      Map<String, Object> s = map(services.get(name));
      assertThat(s).containsKey("build");
      Map<String, Object> dependsOn = map(s.get("depends_on"));
      for (String dep : List.of("postgres", "redis")) {
        assertThat(map(dependsOn.get(dep))).containsEntry("condition", "service_healthy");
        assertThat(map(services.get(dep))).containsKey("healthcheck");
      }
      List<String> test =
          list(map(s.get("healthcheck")).get("test")).stream().map(String::valueOf).toList();
      assertThat(test).contains(HealthCheck.class.getName(), "http://127.0.0.1:" + PORT + READY);

      // secrets only as references, resolved from .env.example
      Map<String, Object> rawEnv = map(s.get("environment"));
      for (String secret : List.of("LLMUX_MASTER_KEY", "DB_PASSWORD", "REDIS_PASSWORD")) {
        assertThat(String.valueOf(rawEnv.get(secret))).startsWith("${");
      }
      Map<String, String> env = new HashMap<>();
      rawEnv.forEach((k, v) -> env.put(k, composeValue(String.valueOf(v), dotEnv)));
      assertThat(env)
          .containsEntry("DB_HOST", "postgres")
          .containsEntry("REDIS_ADDR", "redis:6379");

      // the mounted config is the image's config path, and the facade accepts it with this env
      String mount = String.valueOf(list(s.get("volumes")).get(0));
      String[] parts = mount.split(":");
      assertThat(parts[1]).isEqualTo(CONFIG_IN_IMAGE);
      Path config = ROOT.resolve(parts[0]).normalize();
      env.put("LLMUX_HOST", "0.0.0.0"); // the image's ENV
      FacadeConfig fc = FacadeConfig.load(config, env);
      assertThat(fc.router().deploymentMode()).isEqualTo(DeploymentMode.DISTRIBUTED);
      assertThat(fc.server().port()).isEqualTo(PORT);
      assertThat(fc.server().host()).isEqualTo("0.0.0.0");
      assertThat(fc.server().authEnabled()).isTrue();
      assertThat(fc.database().url()).isEqualTo("jdbc:postgresql://postgres:5432/llmux");
      assertThat(fc.hasRedis()).isTrue();
      assertThat(fc.router().metrics().path()).isEqualTo(METRICS);

      // docker stop waits longer than the facade's graceful stop
      assertThat(duration(String.valueOf(s.get("stop_grace_period"))))
          .isGreaterThan(fc.server().shutdownTimeout());
      assertThat(s.get("stop_signal")).isEqualTo("SIGTERM");
      String port = String.valueOf(list(s.get("ports")).get(0));
      assertThat(port).endsWith(":" + PORT);
      hostPorts.add(port.split(":")[0]);
    }
    assertThat(hostPorts).doesNotHaveDuplicates();
    // every variable compose reads has a line in .env.example or a default
    composeValue(
        Files.readString(ROOT.resolve("docker-compose.yml")).replaceAll("(?m)^\\s*#.*$", ""),
        dotEnv);
  }

  // ---- deploy/k8s ------------------------------------------------------------------------------

  static List<Map<String, Object>> manifests(Path dir) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object d : new Yaml().loadAll(Files.readString(f))) {
          if (d != null) {
            docs.add(map(d));
          }
        }
      }
    }
    return docs;
  }

  static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
  }

  static Object at(Object node, String path) {
    Object cur = node;
    for (String p : path.split("\\.")) {
      cur = cur instanceof List<?> l ? l.get(Integer.parseInt(p)) : map(cur).get(p);
    }
    return cur;
  }

  /** Checks a rendered Deployment and its Service against the facade's defaults. */
  static void checkDeployment(
      Map<String, Object> deployment, Map<String, Object> service, Duration shutdown) {
    Map<String, Object> pod = map(at(deployment, "spec.template.spec"));
    Map<String, Object> c = map(at(pod, "containers.0"));
    assertThat(at(c, "ports.0.name")).isEqualTo("http");
    assertThat(at(c, "ports.0.containerPort")).isEqualTo(PORT);
    assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo(LIVE);
    assertThat(at(c, "livenessProbe.httpGet.port")).isEqualTo("http");
    assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo(READY);
    assertThat(at(c, "readinessProbe.httpGet.port")).isEqualTo("http");
    assertThat(at(c, "startupProbe.httpGet.path")).isEqualTo(LIVE);
    assertThat(list(c.get("args"))).containsExactly("--config", CONFIG_IN_IMAGE);
    assertThat(list(c.get("volumeMounts")))
        .anyMatch(m -> "/config".equals(map(m).get("mountPath")));
    assertThat(map(at(c, "resources.requests"))).containsKeys("cpu", "memory");
    assertThat(map(at(c, "resources.limits"))).containsKey("memory");
    Map<String, Object> ann = map(at(deployment, "spec.template.metadata.annotations"));
    assertThat(ann).containsEntry("prometheus.io/path", METRICS);
    assertThat(ann).containsEntry("prometheus.io/port", String.valueOf(PORT));
    // secrets only by reference
    for (Object e : list(c.get("env"))) {
      String name = String.valueOf(map(e).get("name"));
      if (name.endsWith("PASSWORD") || name.endsWith("_KEY")) {
        assertThat(map(e)).doesNotContainKey("value").containsKey("valueFrom");
      }
    }
    // preStop drain, then the facade's graceful stop, within the grace period
    List<Object> preStop = list(at(c, "lifecycle.preStop.exec.command"));
    assertThat(preStop.get(0)).isEqualTo("sleep");
    long sleep = Long.parseLong(String.valueOf(preStop.get(1)));
    long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
    assertThat(grace).isGreaterThan(sleep + shutdown.toSeconds());
    assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    // the Service reaches the container's http port
    assertThat(at(service, "spec.ports.0.targetPort")).isEqualTo("http");
    assertThat(at(service, "spec.ports.0.port")).isEqualTo(PORT);
  }

  @Test
  void kubernetesManifestsProbeTheFacadesPathsAndDrainWithinTheGracePeriod() throws Exception {
    Path dir = ROOT.resolve("deploy/k8s");
    List<Map<String, Object>> docs = manifests(dir);
    Map<String, Object> cm = kind(docs, "ConfigMap");
    String config = String.valueOf(map(cm.get("data")).get("llmux.yaml"));
    // the ConfigMap carries deploy/config/llmux.yaml unchanged
    assertThat(config).isEqualTo(Files.readString(ROOT.resolve("deploy/config/llmux.yaml")));
    Path file = tmp.resolve("llmux.yaml");
    Files.writeString(file, config);
    Map<String, Object> deployment = kind(docs, "Deployment");
    Map<String, String> env = containerEnv(deployment);
    FacadeConfig fc = FacadeConfig.load(file, env);
    assertThat(fc.router().deploymentMode()).isEqualTo(DeploymentMode.DISTRIBUTED);
    checkDeployment(deployment, kind(docs, "Service"), fc.server().shutdownTimeout());
    assertThat(at(deployment, "spec.template.spec.volumes.0.configMap.name"))
        .isEqualTo(at(cm, "metadata.name"));

    String secretName = String.valueOf(at(kind(docs, "Secret"), "metadata.name"));
    Map<String, Object> secretData = map(kind(docs, "Secret").get("stringData"));
    for (Object e : list(at(deployment, "spec.template.spec.containers.0.env"))) {
      Object ref = at(e, "valueFrom");
      if (ref != null) {
        assertThat(at(ref, "secretKeyRef.name")).isEqualTo(secretName);
        assertThat(secretData).containsKey(String.valueOf(at(ref, "secretKeyRef.key")));
      }
    }
    Map<String, Object> labels = map(at(deployment, "spec.template.metadata.labels"));
    assertThat(at(kind(docs, "HorizontalPodAutoscaler"), "spec.scaleTargetRef.name"))
        .isEqualTo(at(deployment, "metadata.name"));
    assertThat(labels)
        .containsAllEntriesOf(
            map(at(kind(docs, "PodDisruptionBudget"), "spec.selector.matchLabels")));
    assertThat(labels).containsAllEntriesOf(map(at(kind(docs, "Service"), "spec.selector")));
    // kustomization lists files that exist
    for (Object r : list(yaml(dir.resolve("kustomization.yaml")).get("resources"))) {
      assertThat(dir.resolve(String.valueOf(r))).exists();
    }
  }

  @Test
  void kustomizeBuildsTheManifests() throws Exception {
    String kubectl = onPath("kubectl");
    assumeTrue(
        kubectl != null,
        "kubectl is not on the PATH: deploy/k8s is checked by parsing its files"
            + " (kubernetesManifestsProbeTheFacadesPathsAndDrainWithinTheGracePeriod)");
    Process p =
        new ProcessBuilder(kubectl, "kustomize", ROOT.resolve("deploy/k8s").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> kinds = new ArrayList<>();
    for (Object d : new Yaml().loadAll(out)) {
      kinds.add(String.valueOf(map(d).get("kind")));
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
  }

  /** A container's plain env values, and a placeholder for each secret reference. */
  static Map<String, String> containerEnv(Map<String, Object> deployment) {
    Map<String, String> env = new HashMap<>();
    for (Object e : list(at(deployment, "spec.template.spec.containers.0.env"))) {
      Map<String, Object> m = map(e);
      Object v = m.get("value");
      env.put(String.valueOf(m.get("name")), v == null ? "secret-from-k8s" : String.valueOf(v));
    }
    return env;
  }

  // ---- the Helm chart --------------------------------------------------------------------------

  static final Path CHART = ROOT.resolve("deploy/helm/llmux");
  private static final Pattern VALUES_REF = Pattern.compile("\\.Values((?:\\.[A-Za-z0-9_]+)+)");

  @Test
  void helmChartDefaultsAreTheFacadesAndEveryValueTheTemplatesReadExists() throws Exception {
    Map<String, Object> values = yaml(CHART.resolve("values.yaml"));
    assertThat(values.get("containerPort")).isEqualTo(PORT);
    assertThat(at(values, "service.port")).isEqualTo(PORT);
    assertThat(at(values, "probes.liveness.path")).isEqualTo(LIVE);
    assertThat(at(values, "probes.startup.path")).isEqualTo(LIVE);
    assertThat(at(values, "probes.readiness.path")).isEqualTo(READY);
    assertThat(at(values, "metrics.path")).isEqualTo(METRICS);
    assertThat(at(values, "metrics.serviceMonitor.enabled")).isEqualTo(false);
    assertThat(((Number) values.get("shutdownTimeoutSeconds")).longValue())
        .isEqualTo(ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds());
    assertThat(((Number) values.get("terminationGracePeriodSeconds")).longValue())
        .isGreaterThan(
            ((Number) values.get("preStopSleepSeconds")).longValue()
                + ((Number) values.get("shutdownTimeoutSeconds")).longValue());

    Map<String, String> templates = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
      for (Path f : files.sorted().toList()) {
        templates.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    assertThat(templates)
        .containsKeys(
            "deployment.yaml",
            "service.yaml",
            "configmap.yaml",
            "secret.yaml",
            "hpa.yaml",
            "pdb.yaml",
            "servicemonitor.yaml");
    templates.forEach(
        (name, text) -> {
          Matcher m = VALUES_REF.matcher(text);
          while (m.find()) {
            Object v = values;
            for (String p : m.group(1).substring(1).split("\\.")) {
              assertThat(v).as("%s reads .Values%s", name, m.group(1)).isInstanceOf(Map.class);
              assertThat(map(v)).as("%s reads .Values%s", name, m.group(1)).containsKey(p);
              v = map(v).get(p);
            }
          }
        });
    String dep = templates.get("deployment.yaml");
    assertThat(dep)
        .contains("containerPort: {{ .Values.containerPort }}")
        .contains("httpGet: {path: {{ .Values.probes.liveness.path }}, port: http}")
        .contains("httpGet: {path: {{ .Values.probes.readiness.path }}, port: http}")
        .contains("prometheus.io/path: {{ .Values.metrics.path }}")
        .contains("terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}");
    assertThat(templates.get("servicemonitor.yaml"))
        .contains("path: {{ .Values.metrics.path }}")
        .contains("port: http");

    // the generated llmux.yaml, with the default values, is a config the facade accepts
    Path file = tmp.resolve("llmux.yaml");
    Files.writeString(file, renderConfigMap(templates.get("configmap.yaml"), values));
    Map<String, String> env = new HashMap<>();
    env.put("DB_HOST", String.valueOf(at(values, "database.host")));
    env.put("REDIS_ADDR", String.valueOf(at(values, "redis.addr")));
    env.put("LLMUX_MASTER_KEY", "sk-from-secret");
    FacadeConfig fc = FacadeConfig.load(file, env);
    assertThat(fc.server().port()).isEqualTo(PORT);
    assertThat(fc.router().metrics().path()).isEqualTo(METRICS);
    assertThat(fc.server().shutdownTimeout()).isEqualTo(ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    assertThat(fc.router().deploymentMode()).isEqualTo(DeploymentMode.DISTRIBUTED);
  }

  /**
   * The chart's {@code llmux.yaml} rendered the way {@code helm template} does for this template's
   * constructs: {@code {{ .Values.x }}} scalars, and the {@code with .Values.config | toYaml}
   * block.
   */
  static String renderConfigMap(String template, Map<String, Object> values) {
    String body =
        template.substring(template.indexOf("llmux.yaml: |") + "llmux.yaml: |".length() + 1);
    int with = body.indexOf("    {{- with .Values.config }}");
    assertThat(with).isPositive();
    String head = body.substring(0, with);
    Matcher m = Pattern.compile("\\{\\{ \\.Values((?:\\.[A-Za-z0-9_]+)+) }}").matcher(head);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, Matcher.quoteReplacement(String.valueOf(at(values, m.group(1).substring(1)))));
    }
    m.appendTail(sb);
    assertThat(sb.toString()).doesNotContain("{{");
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    String extra = new Yaml(o).dump(values.get("config"));
    return sb.toString().replaceAll("(?m)^    ", "") + extra;
  }

  @Test
  void helmTemplateRendersProbesOnTheFacadesPaths() throws Exception {
    String helm = onPath("helm");
    assumeTrue(
        helm != null,
        "helm is not on the PATH: the chart is checked by parsing its templates and rendering its"
            + " config (helmChartDefaultsAreTheFacadesAndEveryValueTheTemplatesReadExists)");
    Process p =
        new ProcessBuilder(
                helm,
                "template",
                "t",
                CHART.toString(),
                "--set",
                "secrets.masterKey=sk-test",
                "--set",
                "metrics.serviceMonitor.enabled=true")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml().loadAll(out)) {
      if (d != null) {
        docs.add(map(d));
      }
    }
    checkDeployment(
        kind(docs, "Deployment"), kind(docs, "Service"), ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    assertThat(at(kind(docs, "ServiceMonitor"), "spec.endpoints.0.path")).isEqualTo(METRICS);
    Path file = tmp.resolve("llmux.yaml");
    Files.writeString(
        file, String.valueOf(map(kind(docs, "ConfigMap").get("data")).get("llmux.yaml")));
    FacadeConfig fc =
        FacadeConfig.load(
            file,
            Map.of("DB_HOST", "postgres", "REDIS_ADDR", "redis:6379", "LLMUX_MASTER_KEY", "k"));
    assertThat(fc.router().metrics().path()).isEqualTo(METRICS);
  }

  static String onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, exe);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
