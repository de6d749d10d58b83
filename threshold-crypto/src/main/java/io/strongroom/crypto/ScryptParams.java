package io.strongroom.crypto;

/**
 * Cost parameters of scrypt (RFC 7914), the memory-hard KDF that turns a holder's passphrase into
 * the key of their key file. Memory use is {@code 128 * r * 2^log2N} bytes.
 *
 * <p>{@link #DEFAULT} ({@code N = 2^17, r = 8, p = 1}: 128 MiB, a fraction of a second) follows
 * the OWASP password storage recommendation for scrypt; use it for real key files. Cheaper settings
 * exist so tests run fast; a key file records its parameters, so opening always uses the ones it
 * was made with.
 *
 * @param log2N log2 of the CPU/memory cost N, 10..22
 * @param r block size, 1..32
 * @param p parallelism, 1..16
 */
public record ScryptParams(int log2N, int r, int p) {
  public static final ScryptParams DEFAULT = new ScryptParams(17, 8, 1);
  private static final long MAX_MEMORY = 1L << 30;

  /** @throws IllegalArgumentException if a parameter is out of range or needs more than 1 GiB */
  public ScryptParams {
    if (!inRange(log2N, r, p)) {
      throw new IllegalArgumentException(
          "scrypt parameters out of range (log2N 10..22, r 1..32, p 1..16, memory <= 1 GiB): log2N="
              + log2N + ", r=" + r + ", p=" + p);
    }
  }

  static boolean inRange(int log2N, int r, int p) {
    return log2N >= 10 && log2N <= 22 && r >= 1 && r <= 32 && p >= 1 && p <= 16
        && 128L * r * (1L << log2N) <= MAX_MEMORY;
  }

  int n() {
    return 1 << log2N;
  }
}
