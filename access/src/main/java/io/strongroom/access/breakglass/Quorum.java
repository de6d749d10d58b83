package io.strongroom.access.breakglass;

import io.strongroom.crypto.HolderPublicKeys;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who may approve break-glass and how many must: the registered holders (name to public keys;
 * the Ed25519 key verifies their approvals, the X25519 key tells a holder's own request apart) and
 * the threshold {@code k}. A request captures the quorum when it is opened, so changing the
 * registry later does not change what an open request needs.
 *
 * @param holders holder name ({@code [A-Za-z0-9._@-]}, 1..64 characters, as in approvals) to
 *     public keys; an unmodifiable sorted copy
 * @param threshold how many distinct holders must approve, 1..holders
 */
public record Quorum(SortedMap<String, HolderPublicKeys> holders, int threshold) {
  public static final int MAX_HOLDERS = 255;
  private static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  public Quorum {
    Objects.requireNonNull(holders, "holders");
    if (holders.isEmpty() || holders.size() > MAX_HOLDERS) {
      throw new IllegalArgumentException("a quorum needs 1.." + MAX_HOLDERS + " holders, had " + holders.size());
    }
    for (Map.Entry<String, HolderPublicKeys> e : holders.entrySet()) {
      if (e.getKey() == null || !HOLDER.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("holder name must be 1..64 characters of [A-Za-z0-9._@-]");
      }
      Objects.requireNonNull(e.getValue(), "holder keys");
    }
    if (threshold < 1 || threshold > holders.size()) {
      throw new IllegalArgumentException("threshold must be between 1 and " + holders.size() + ", was " + threshold);
    }
    Map<String, HolderPublicKeys> given = holders; // TreeMap(Map), not TreeMap(SortedMap): natural order
    holders = Collections.unmodifiableSortedMap(new TreeMap<>(given));
  }

  /** A quorum of {@code holders} (copied and sorted) needing {@code threshold} approvals. */
  public static Quorum of(Map<String, HolderPublicKeys> holders, int threshold) {
    return new Quorum(new TreeMap<>(holders), threshold);
  }
}
