package io.strongroom.unseal;

import io.strongroom.crypto.KeySetId;
import java.util.Optional;

/**
 * A snapshot of a node's seal status, safe to show anyone (what {@code operator status} prints).
 *
 * @param state the lifecycle state
 * @param type the seal type, empty before init
 * @param keySet the current key set id, empty before init
 * @param threshold shares needed, 0 before init
 * @param shares share count, 0 before init
 * @param progress valid unseal shares submitted so far on this node
 * @param nonce the running unseal attempt, or empty
 * @param activeTerm the keyring term new writes use, 0 unless unsealed
 */
public record SealStatus(SealState state, Optional<SealType> type, Optional<KeySetId> keySet, int threshold,
    int shares, int progress, String nonce, int activeTerm) {}
