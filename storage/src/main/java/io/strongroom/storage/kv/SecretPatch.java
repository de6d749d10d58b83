package io.strongroom.storage.kv;

import java.util.Map;
import java.util.Set;

/**
 * A merge into the latest version of a secret (JSON merge patch, as Vault's KV v2 PATCH): entries of
 * {@code set} are added or replaced, keys in {@code remove} are dropped.
 */
public record SecretPatch(Map<String, String> set, Set<String> remove) {
  public SecretPatch {
    set = Map.copyOf(set);
    remove = Set.copyOf(remove);
    for (String key : remove) {
      if (set.containsKey(key)) {
        throw new IllegalArgumentException("key '" + key + "' is both set and removed");
      }
    }
  }

  @Override
  public String toString() {
    return "SecretPatch[set=" + set.keySet() + ", remove=" + remove + "]";
  }
}
