package io.strongroom.chaos.history;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One event of a history, as Jepsen records it: process {@code process} invoked, or learnt the
 * outcome of, operation {@code f} with {@code value}.
 *
 * <p>{@code value} follows {@link OpFunction}: a read's is {@code nil} when invoked and the observed
 * value when {@code :ok}; a write's is the value written; a compare-and-set's is {@code [expected new]}
 * (an invocation must carry exactly that; completions are not checked, since only the invocation's
 * value is used). {@code key} names the register in a multi-register history; operations without
 * one share a single register.
 *
 * @param index the operation's {@code :index} in its source, or its 0-based position there; only
 *     for people reading reports, never used to order events
 * @param time nanoseconds since the start of the test, when known; never used to order events
 * @param error why an operation failed or is indeterminate, as the client reported it
 */
public record Op(
    long index,
    OptionalLong time,
    OpType type,
    long process,
    OpFunction f,
    Optional<Edn> key,
    Edn value,
    Optional<Edn> error) {

  public Op {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(error, "error");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (f == OpFunction.CAS && type == OpType.INVOKE && !isCasArgument(value)) {
      throw new IllegalArgumentException("a cas invocation's value must be [expected new], was " + value);
    }
  }

  /** An event with no key, time or error. */
  public static Op of(long index, OpType type, long process, OpFunction f, Edn value) {
    return new Op(index, OptionalLong.empty(), type, process, f, Optional.empty(), value, Optional.empty());
  }

  /** Whether {@code value} is a vector or list of two values. */
  public static boolean isCasArgument(Edn value) {
    return value.asSequence().map(items -> items.size() == 2).orElse(false);
  }

  public Op withIndex(long newIndex) {
    return new Op(newIndex, time, type, process, f, key, value, error);
  }

  public Op withTime(long nanos) {
    return new Op(index, OptionalLong.of(nanos), type, process, f, key, value, error);
  }

  public Op withKey(Edn newKey) {
    return new Op(index, time, type, process, f, Optional.of(newKey), value, error);
  }

  public Op withValue(Edn newValue) {
    return new Op(index, time, type, process, f, key, newValue, error);
  }

  public Op withError(Edn newError) {
    return new Op(index, time, type, process, f, key, value, Optional.of(newError));
  }

  /**
   * This event as the EDN map {@link HistoryWriter} writes:
   * {@code {:index 3, :time 1200, :type :ok, :process 1, :f :read, :key :x, :value 2}}, with absent
   * time, key and error left out.
   */
  public Edn.MapOf toEdn() {
    Map<Edn, Edn> m = new LinkedHashMap<>();
    m.put(Edn.keyword("index"), Edn.of(index));
    time.ifPresent(t -> m.put(Edn.keyword("time"), Edn.of(t)));
    m.put(Edn.keyword("type"), Edn.keyword(type.keyword()));
    m.put(Edn.keyword("process"), Edn.of(process));
    m.put(Edn.keyword("f"), Edn.keyword(f.keyword()));
    key.ifPresent(k -> m.put(Edn.keyword("key"), k));
    m.put(Edn.keyword("value"), value);
    error.ifPresent(e -> m.put(Edn.keyword("error"), e));
    return new Edn.MapOf(m);
  }

  /** The EDN map of {@link #toEdn()}. */
  @Override
  public String toString() {
    return toEdn().toString();
  }
}
