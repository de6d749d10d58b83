package io.strongroom.client;

/**
 * What one rekey step answered: {@link RekeyProgress} while shares are still being collected, or
 * {@link RekeyShares} once the new key set was issued or took effect.
 */
public sealed interface RekeyResult permits RekeyProgress, RekeyShares {}
