package io.strongroom.storage.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Path rules and the storage keys derived from paths.
 *
 * <p>A secret path is 1..{@code maxPathBytes} UTF-8 bytes of '/'-separated, non-empty segments, with
 * no "." or ".." segment, no leading or trailing '/', no control characters and no unpaired surrogates
 * (which UTF-8 cannot encode, so two paths could collide). NUL is excluded, which keeps the data key
 * layout unambiguous.
 *
 * <p>IMPORTANT: storage key layout, a compatibility contract:
 * <pre>
 * secret-metadata: UTF-8 path                              -> metadata record
 * secret-data:     UTF-8 path | 0x00 | version (u64, BE)   -> barrier ciphertext
 * AAD path of data:            "kv/data/" + path
 * AAD path of custom metadata: "kv/metadata/" + path
 * </pre>
 */
final class SecretPaths {

  private SecretPaths() {}

  static Optional<KvResult.Rejected> check(String path, KvLimits limits) {
    if (path == null || path.isEmpty()) {
      return reject(KvResult.Violation.INVALID_PATH, "path must not be empty");
    }
    int bytes = utf8Length(path);
    if (bytes > limits.maxPathBytes()) {
      return reject(KvResult.Violation.PATH_TOO_LONG,
          "path is " + bytes + " bytes, the limit is " + limits.maxPathBytes());
    }
    if (path.startsWith("/") || path.endsWith("/")) {
      return reject(KvResult.Violation.INVALID_PATH, "path must not start or end with '/': " + quote(path));
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return reject(KvResult.Violation.INVALID_PATH, "path contains control character 0x"
            + Integer.toHexString(c) + " at index " + i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return reject(KvResult.Violation.INVALID_PATH, "path contains an unpaired surrogate at index " + i);
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        return reject(KvResult.Violation.INVALID_PATH, "path has an empty segment ('//'): " + quote(path));
      }
      if (segment.equals(".") || segment.equals("..")) {
        return reject(KvResult.Violation.INVALID_PATH, "path has a '" + segment + "' segment: " + quote(path));
      }
    }
    return Optional.empty();
  }

  /** A list prefix is empty, or a valid path followed by '/'. */
  static boolean validPrefix(String prefix, KvLimits limits) {
    return prefix.isEmpty() || (prefix.endsWith("/") && check(prefix.substring(0, prefix.length() - 1), limits).isEmpty());
  }

  static byte[] metadataKey(String path) {
    return path.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] dataKey(String path, long version) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(p.length + 1 + 8).put(p).put((byte) 0).putLong(version).array();
  }

  static String dataAad(String path) {
    return "kv/data/" + path;
  }

  static String metadataAad(String path) {
    return "kv/metadata/" + path;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Quotes a path for a message, shortened so a huge input does not make a huge message. */
  static String quote(String s) {
    return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
  }

  private static Optional<KvResult.Rejected> reject(KvResult.Violation violation, String message) {
    return Optional.of(new KvResult.Rejected(violation, message));
  }
}
