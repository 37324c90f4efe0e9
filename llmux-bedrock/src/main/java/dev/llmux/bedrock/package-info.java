/**
 * The {@code bedrock} provider type: Amazon Bedrock's Converse / ConverseStream APIs and Titan and
 * Cohere embeddings, signed with AWS SigV4 by the AWS SDK's signer, found by {@link
 * java.util.ServiceLoader}. Only {@link dev.llmux.bedrock.BedrockProviderFactory} is public.
 */
package dev.llmux.bedrock;
