package io.strongroom.storage.barrier;

/**
 * How many encryptions one key term may perform, and how far ahead the count is persisted.
 *
 * <p>NIST SP 800-38D (section 8.3) caps AES-GCM with random 96-bit nonces at 2^32 invocations per
 * key. The barrier rotates to a new term when the active term has done
 * {@code maxEncryptionsPerTerm} encryptions. The default, 2^31, keeps a wide margin below the cap for
 * encryptions a failed-over leader made but never persisted.
 *
 * <p>Counting without a disk write per encryption: the keyring records, for the active term, a
 * reservation {@code reservationBlock} encryptions ahead of the true count; the barrier persists a new
 * reservation (through its {@link KeyringSink}) before the count passes the old one. After a restart
 * the count resumes from the reservation, so it never under-counts.
 *
 * @param maxEncryptionsPerTerm encryptions per term before rotation, in [1, 2^32]
 * @param reservationBlock      encryptions reserved per keyring write, in [1, maxEncryptionsPerTerm]
 */
public record BarrierPolicy(long maxEncryptionsPerTerm, long reservationBlock) {

  /** At most 2^31 encryptions per term, keyring persisted every 65,536 encryptions. */
  public static final BarrierPolicy DEFAULT = new BarrierPolicy(1L << 31, 1L << 16);

  public BarrierPolicy {
    if (maxEncryptionsPerTerm < 1 || maxEncryptionsPerTerm > 1L << 32) {
      throw new IllegalArgumentException("maxEncryptionsPerTerm must be in [1, 2^32], was " + maxEncryptionsPerTerm);
    }
    if (reservationBlock < 1 || reservationBlock > maxEncryptionsPerTerm) {
      throw new IllegalArgumentException("reservationBlock must be in [1, " + maxEncryptionsPerTerm + "], was " + reservationBlock);
    }
  }
}
