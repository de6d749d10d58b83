package io.strongroom.client;

/**
 * What one generate-root step answered: {@link GenerateRootProgress} while shares are still being
 * collected, or {@link EncodedRootToken} once the token was minted.
 */
public sealed interface GenerateRootResult permits GenerateRootProgress, EncodedRootToken {}
