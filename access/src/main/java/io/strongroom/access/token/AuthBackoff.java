package io.strongroom.access.token;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Slows down token guessing: after repeated failed authentications from one client address, the
 * node waits or refuses before it looks at the next attempt from there. This class only keeps the
 * count and says how long; the node applies it (and decides what an "address" is, e.g. an IPv4
 * address or an IPv6 /64).
 *
 * <p>Rule: the first {@link Config#freeFailures} failures cost nothing. Each failure after that
 * doubles the delay, from {@link Config#baseDelayMillis} up to {@link Config#maxDelayMillis}; the
 * delay runs from the last failure. The count forgets one failure per
 * {@link Config#decayMillis} without a new one, and all of them on a success.
 *
 * <p>Memory is bounded: at most {@link Config#maxAddresses} addresses are tracked; beyond that the
 * least recently seen is forgotten. (An attacker with more addresses than that can push itself
 * out; the bound protects the node's memory, rate limits protect the rest.)
 *
 * <p>Time comes from the injected clock (milliseconds, any epoch; it should not go backwards, and
 * if it does, elapsed time counts as zero). Thread-safe: every method holds this object's lock
 * briefly.
 */
public final class AuthBackoff {

  /**
   * Settings.
   *
   * @param freeFailures failures allowed before any delay, >= 0
   * @param baseDelayMillis the first delay, > 0
   * @param maxDelayMillis the cap, >= baseDelayMillis
   * @param decayMillis how long without a failure forgets one failure, > 0
   * @param maxAddresses how many addresses are tracked at most, > 0
   */
  public record Config(int freeFailures, long baseDelayMillis, long maxDelayMillis, long decayMillis, int maxAddresses) {
    /** 3 free failures, then 1 s doubling to 5 minutes; one failure forgotten per 10 minutes; 100 000 addresses. */
    public static final Config DEFAULTS = new Config(3, 1_000, 300_000, 600_000, 100_000);

    public Config {
      if (freeFailures < 0) {
        throw new IllegalArgumentException("freeFailures must be >= 0, was " + freeFailures);
      }
      if (baseDelayMillis <= 0 || maxDelayMillis < baseDelayMillis) {
        throw new IllegalArgumentException("need 0 < baseDelayMillis <= maxDelayMillis, was "
            + baseDelayMillis + " and " + maxDelayMillis);
      }
      if (decayMillis <= 0) {
        throw new IllegalArgumentException("decayMillis must be > 0, was " + decayMillis);
      }
      if (maxAddresses <= 0) {
        throw new IllegalArgumentException("maxAddresses must be > 0, was " + maxAddresses);
      }
    }
  }

  private static final class Entry {
    int failures;
    /** The delay runs from here. */
    long lastFailureAt;
    /** Decay counts from here: the last failure, moved on by each decay step taken. */
    long decayFrom;
  }

  private final Config config;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry> entries;

  public AuthBackoff(Config config, LongSupplier clockMillis) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > config.maxAddresses();
      }
    };
  }

  /**
   * How long {@code address} must still wait before its next attempt is looked at: 0 if it may
   * try now. The node refuses (or holds) an attempt that comes earlier, without checking the
   * token.
   */
  public synchronized long retryAfterMillis(String address) {
    Objects.requireNonNull(address, "address");
    long now = clock.getAsLong();
    Entry e = current(address, now);
    return e == null ? 0 : remaining(e, now);
  }

  /** Records a failed authentication from {@code address}; returns the wait it now faces. */
  public synchronized long recordFailure(String address) {
    Objects.requireNonNull(address, "address");
    long now = clock.getAsLong();
    Entry e = current(address, now);
    if (e == null) {
      e = new Entry();
      entries.put(address, e);
    }
    if (e.failures < Integer.MAX_VALUE) {
      e.failures++;
    }
    e.lastFailureAt = now;
    e.decayFrom = now;
    return remaining(e, now);
  }

  /** Records a successful authentication from {@code address}: its failures are forgotten. */
  public synchronized void recordSuccess(String address) {
    Objects.requireNonNull(address, "address");
    entries.remove(address);
  }

  /** How many addresses are tracked now. */
  public synchronized int trackedAddresses() {
    return entries.size();
  }

  /** The delay that {@code failures} consecutive failures impose, from the last one. */
  public long delayAfter(int failures) {
    int over = failures - config.freeFailures();
    if (over <= 0) {
      return 0;
    }
    if (over > 62 || config.baseDelayMillis() > (config.maxDelayMillis() >> (over - 1))) {
      return config.maxDelayMillis();
    }
    return Math.min(config.baseDelayMillis() << (over - 1), config.maxDelayMillis());
  }

  /** The entry of {@code address} with decay applied, or null (and forgotten) if nothing is left. */
  private Entry current(String address, long now) {
    Entry e = entries.get(address);
    if (e == null) {
      return null;
    }
    long idle = Math.max(0, now - e.decayFrom);
    long forgotten = idle / config.decayMillis();
    if (forgotten >= e.failures) {
      entries.remove(address);
      return null;
    }
    if (forgotten > 0) {
      e.failures -= (int) forgotten;
      // The rest of the idle time keeps counting toward the next step.
      e.decayFrom += forgotten * config.decayMillis();
    }
    return e;
  }

  private long remaining(Entry e, long now) {
    long until = e.lastFailureAt + delayAfter(e.failures);
    return Math.max(0, until - now);
  }
}
