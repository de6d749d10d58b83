package io.strongroom.storage.kv;

/**
 * Size limits on secrets. Every replica must use the same limits: the replicated apply re-checks the
 * ones it can see (path, sealed sizes), so differing limits would make replicas disagree.
 *
 * @param maxPathBytes          longest secret path, in UTF-8 bytes
 * @param maxKeys               most keys in one secret
 * @param maxSecretBytes        largest encoded secret (keys, values and their length prefixes) before
 *                              encryption; 1 MiB by default
 * @param maxCustomMetadataKeys most custom metadata entries (Vault: 64)
 * @param maxCustomKeyBytes     longest custom metadata key (Vault: 128)
 * @param maxCustomValueBytes   longest custom metadata value (Vault: 512)
 * @param defaultMaxVersions    versions kept when a secret's {@code max_versions} is 0 (Vault: 10)
 */
public record KvLimits(int maxPathBytes, int maxKeys, int maxSecretBytes, int maxCustomMetadataKeys,
           int maxCustomKeyBytes, int maxCustomValueBytes, int defaultMaxVersions) {

  public static final KvLimits DEFAULT = new KvLimits(512, 1_000, 1 << 20, 64, 128, 512, 10);

  public KvLimits {
    positive("maxPathBytes", maxPathBytes);
    positive("maxKeys", maxKeys);
    positive("maxSecretBytes", maxSecretBytes);
    positive("maxCustomMetadataKeys", maxCustomMetadataKeys);
    positive("maxCustomKeyBytes", maxCustomKeyBytes);
    positive("maxCustomValueBytes", maxCustomValueBytes);
    positive("defaultMaxVersions", defaultMaxVersions);
  }

  /** Largest encoded custom metadata: every entry at its limits. */
  int maxCustomMetadataBytes() {
    return 4 + maxCustomMetadataKeys * (8 + maxCustomKeyBytes + maxCustomValueBytes);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
