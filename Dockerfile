# syntax=docker/dockerfile:1
#
# The LLMux facade (OpenAI-compatible sidecar) as a container image.
#
#   docker build -t llmux-facade .
#   docker run -p 4000:4000 -v "$PWD/deploy/config:/config:ro" \
#     -e LLMUX_MASTER_KEY=sk-change-me -e OPENAI_API_KEY llmux-facade
#
# Configuration: a YAML file mounted at /config/llmux.yaml (override with the command:
# `--config /config/other.yaml`); secrets come from the environment through ${VAR} in that file.
# docs/deployment.md has the details, docker-compose.yml a two-instance setup.

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

# ---- build: the fat jar, with the project's own Maven wrapper --------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache (BuildKit), so a rebuild downloads nothing it already has.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl llmux-facade -am package -DskipTests -Dspotless.check.skip=true \
 && cp llmux-facade/target/llmux-facade.jar /llmux-facade.jar

# ---- runtime: a JRE, a non-root user, the jar -------------------------------------------------------
FROM ${JRE_IMAGE}
ARG UID=10001
RUN groupadd --system --gid ${UID} llmux \
 && useradd --system --uid ${UID} --gid llmux --home-dir /app --shell /usr/sbin/nologin llmux \
 && mkdir -p /app /config /data \
 && chown llmux:llmux /data
COPY --from=build --chown=root:root /llmux-facade.jar /app/llmux-facade.jar
COPY --chown=root:root deploy/config/llmux.yaml /config/llmux.yaml
WORKDIR /data
USER 10001:10001

# The facade listens on 4000 (server.port); in a container it must bind 0.0.0.0 (LLMUX_HOST, read
# by the shipped config), which it only does with a key configured (server.master_key /
# LLMUX_MASTER_KEY) or deployment.mode: development.
ENV LLMUX_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 4000

# No curl in the image: the jar's own checker (java.base only, a small heap, exits 0 on 2xx).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-cp", "/app/llmux-facade.jar", "dev.llmux.facade.HealthCheck", "http://127.0.0.1:4000/health/live"]

# SIGTERM starts the JVM's shutdown hook: stop accepting, let in-flight requests and streams finish
# for up to server.shutdown_timeout (30s), close the router, Redis, then the database. Give
# `docker stop` more than that (`docker stop -t 40`, compose's stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/app/llmux-facade.jar"]
CMD ["--config", "/config/llmux.yaml"]
