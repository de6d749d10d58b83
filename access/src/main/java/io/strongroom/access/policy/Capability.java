package io.strongroom.access.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a policy rule allows on a path, as in Vault. The declaration order is the canonical order
 * of capabilities in {@link PolicyParser#toJson}.
 */
public enum Capability {
  /** Create data at a path that holds none (POST/PUT on a new path). */
  CREATE,
  /** Read data at a path (GET). */
  READ,
  /** Change data at a path (POST/PUT on an existing path). */
  UPDATE,
  /** Partially update data at a path (PATCH). */
  PATCH,
  /** Delete data at a path (DELETE). */
  DELETE,
  /** List keys under a path (LIST). Listed key names are not filtered by policy. */
  LIST,
  /** Access root-protected paths, in addition to the capability the operation needs. */
  SUDO,
  /** Forbid every operation; beats every other capability on the same pattern, sudo included. */
  DENY;

  /** The lowercase name used in policy documents, e.g. {@code "read"}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The capability named {@code token} exactly (lowercase), if there is one. */
  public static Optional<Capability> fromToken(String token) {
    for (Capability c : values()) {
      if (c.token().equals(token)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
