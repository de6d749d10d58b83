package io.strongroom.storage.kv;

/**
 * The outcome of a KV change. Domain outcomes are values, never exceptions; every replica applying
 * the same command to the same state gets the same result.
 */
public sealed interface KvResult {

  /** A new version was written. */
  record Written(long version) implements KvResult {}

  /** A delete, undelete, destroy or metadata change was applied. */
  record Done() implements KvResult {}

  /** Check-and-set failed: the caller expected {@code expected}, the current version is {@code actual}. */
  record CasMismatch(long expected, long actual) implements KvResult {}

  /** The secret's metadata requires check-and-set and the write carried none. */
  record CasRequired() implements KvResult {}

  /** No secret (or no such version) at the path. */
  record NotFound() implements KvResult {}

  /** Bad input; nothing changed. {@code message} names the values involved. */
  record Rejected(Violation violation, String message) implements KvResult {}

  /** Why input was rejected. */
  enum Violation {
    INVALID_PATH, PATH_TOO_LONG, TOO_MANY_KEYS, INVALID_KEY, VALUE_TOO_LARGE, INVALID_ARGUMENT
  }
}
