package io.strongroom.chaos.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded fault schedule: the same seed, node count, length and kinds give the same steps, in
 * the same order, with the same hold and quiet times and the same random choices (which follower,
 * which halves, which ring order). Only what the cluster decides at run time differs between
 * replays: which node is leader when a "leader" fault strikes, and how long restarts take.
 *
 * <p>Every enabled kind appears once, in seeded order, before any repeats, so a short run still
 * covers them all.
 */
public final class Schedule {
  /**
   * One fault: apply {@code kind}, hold it {@code holdMillis}, heal, wait {@code quietMillis}.
   *
   * @param choice seeds the random choices this step makes (targets, halves)
   */
  public record Step(int number, FaultKind kind, long holdMillis, long quietMillis, long choice) {
    public Step {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** How long faults are held and how long the cluster rests between them. */
  public record Timing(long minHoldMillis, long maxHoldMillis, long minQuietMillis, long maxQuietMillis) {
    /** The quick run's: faults of 2-4 s with 1-2 s between. */
    public static final Timing QUICK = new Timing(2_000, 4_000, 1_000, 2_000);
    /** The long run's: faults of 3-10 s with 2-5 s between. */
    public static final Timing LONG = new Timing(3_000, 10_000, 2_000, 5_000);
  }

  private final long seed;
  private final List<Step> steps;

  private Schedule(long seed, List<Step> steps) {
    this.seed = seed;
    this.steps = List.copyOf(steps);
  }

  /**
   * Steps whose hold and quiet times add up to at least {@code length} (and at least one round of
   * every kind in {@code kinds}).
   */
  public static Schedule generate(long seed, List<FaultKind> kinds, Duration length, Timing timing) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no fault kinds");
    }
    Random rnd = new Random(seed);
    List<FaultKind> firstRound = new ArrayList<>(kinds);
    Collections.shuffle(firstRound, rnd);
    List<Step> steps = new ArrayList<>();
    long total = 0;
    while (steps.size() < firstRound.size() || total < length.toMillis()) {
      FaultKind kind = steps.size() < firstRound.size() ? firstRound.get(steps.size()) : kinds.get(rnd.nextInt(kinds.size()));
      long hold = between(rnd, timing.minHoldMillis(), timing.maxHoldMillis());
      long quiet = between(rnd, timing.minQuietMillis(), timing.maxQuietMillis());
      steps.add(new Step(steps.size() + 1, kind, hold, quiet, rnd.nextLong()));
      total += hold + quiet;
    }
    return new Schedule(seed, steps);
  }

  private static long between(Random rnd, long min, long max) {
    return max <= min ? min : min + (long) (rnd.nextDouble() * (max - min));
  }

  public long seed() {
    return seed;
  }

  public List<Step> steps() {
    return steps;
  }

  /** One line per step, e.g. {@code 3 kill-leader hold 2400 ms quiet 1200 ms}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(s.number()).append(' ').append(s.kind().keyword()).append(" hold ").append(s.holdMillis())
          .append(" ms quiet ").append(s.quietMillis()).append(" ms choice ").append(s.choice()).append('\n');
    }
    return sb.toString();
  }
}
