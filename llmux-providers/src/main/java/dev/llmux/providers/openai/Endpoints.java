package dev.llmux.providers.openai;

import okhttp3.HttpUrl;

/** Where the OpenAI-wire operations of one provider instance live. */
interface Endpoints {

  /** The chat completions URL for the upstream {@code model}. */
  HttpUrl chat(String model);

  /** The embeddings URL for the upstream {@code model}. */
  HttpUrl embeddings(String model);

  /** The models listing URL, or {@code null} when the upstream has no listing worth calling. */
  HttpUrl models();

  /** The Responses API URL for the upstream {@code model}. */
  HttpUrl responses(String model);

  /** The legacy completions URL for the upstream {@code model}. */
  HttpUrl completions(String model);

  /**
   * OpenAI and OpenAI-compatible servers: {@code {base}/chat/completions}, {@code /embeddings},
   * {@code /models}.
   */
  record OpenAi(HttpUrl chatUrl, HttpUrl embeddingsUrl, HttpUrl modelsUrl) implements Endpoints {
    static OpenAi under(HttpUrl base) {
      return new OpenAi(
          base.newBuilder().addPathSegments("chat/completions").build(),
          base.newBuilder().addPathSegment("embeddings").build(),
          base.newBuilder().addPathSegment("models").build());
    }

    @Override
    public HttpUrl chat(String model) {
      return chatUrl;
    }

    @Override
    public HttpUrl embeddings(String model) {
      return embeddingsUrl;
    }

    @Override
    public HttpUrl models() {
      return modelsUrl;
    }

    @Override
    public HttpUrl responses(String model) {
      return chatUrl
          .newBuilder()
          .encodedPath(chatUrl.encodedPath().replaceFirst("chat/completions$", "responses"))
          .build();
    }

    @Override
    public HttpUrl completions(String model) {
      return chatUrl
          .newBuilder()
          .encodedPath(chatUrl.encodedPath().replaceFirst("chat/completions$", "completions"))
          .build();
    }
  }

  /**
   * Azure OpenAI: {@code {base}/openai/deployments/{deployment}/chat/completions?api-version=...};
   * the deployment is the request's model. Azure's {@code /openai/models} lists the models the
   * resource could deploy, not its deployments, so there is no listing ({@link #models()} is null).
   */
  record Azure(HttpUrl base, String apiVersion) implements Endpoints {
    @Override
    public HttpUrl chat(String deployment) {
      return deploymentUrl(deployment, "chat", "completions");
    }

    @Override
    public HttpUrl embeddings(String deployment) {
      return deploymentUrl(deployment, "embeddings");
    }

    @Override
    public HttpUrl models() {
      return null;
    }

    /**
     * Azure's v1 Responses API, {@code {base}/openai/v1/responses} (no {@code api-version}; the
     * request's model is the deployment name).
     */
    @Override
    public HttpUrl responses(String deployment) {
      return base.newBuilder()
          .addPathSegment("openai")
          .addPathSegment("v1")
          .addPathSegment("responses")
          .build();
    }

    @Override
    public HttpUrl completions(String deployment) {
      return deploymentUrl(deployment, "completions");
    }

    private HttpUrl deploymentUrl(String deployment, String... operation) {
      HttpUrl.Builder b =
          base.newBuilder()
              .addPathSegment("openai")
              .addPathSegment("deployments")
              .addPathSegment(deployment);
      for (String segment : operation) {
        b.addPathSegment(segment);
      }
      return b.addQueryParameter("api-version", apiVersion).build();
    }
  }
}
