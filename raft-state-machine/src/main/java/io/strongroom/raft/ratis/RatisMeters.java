package io.strongroom.raft.ratis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis' own metrics (replication round trips per follower, log fsync times, apply and election
 * timers), recorded as Micrometer meters, so that a node's {@code /metrics} shows where a write's
 * time goes inside Raft.
 *
 * <p>Ratis finds its metrics implementation with {@link java.util.ServiceLoader}; this class is the
 * one this project registers (in {@code META-INF/services}), in place of Ratis' default, which
 * records into Dropwizard reservoirs (a lock and a sorted-map insert per timing, on every Raft
 * thread) and publishes them only over JMX.
 *
 * <p>Meters are named as Ratis names them, {@code <application>.<component>.<name>} (for example
 * {@code ratis_grpc.log_appender.n2_latency}, the round trip of AppendEntries to follower n2, or
 * {@code ratis.log_worker.syncTime}, the fsync of the Raft log), and tagged {@code member} with
 * the Raft member they belong to ({@code n1@group-...}). Timers
 * keep a count, a total and a maximum: no percentile histograms, which would cost more on every
 * Raft operation than the timing itself.
 *
 * <p>Ratis creates these meters when its servers start, before a node's registry exists, so they
 * are kept in one process-wide composite; {@link #publishTo} adds a node's registry to it. A
 * process running several nodes (tests) shows every node's Raft meters in each registry,
 * distinguished by the {@code member} tag.
 *
 * <p>Thread-safe.
 */
public final class RatisMeters extends MetricRegistries {
  private static final CompositeMeterRegistry METERS = new CompositeMeterRegistry();

  private final Map<MetricRegistryInfo, Registry> registries = new HashMap<>();
  private final Map<MetricRegistryInfo, Integer> references = new HashMap<>();

  /** Public for {@link java.util.ServiceLoader}; Ratis makes the only instance. */
  public RatisMeters() {}

  /**
   * Shows Ratis' meters in {@code registry} until the returned handle is closed. Meters made
   * before and after the call both appear.
   */
  public static AutoCloseable publishTo(MeterRegistry registry) {
    METERS.add(registry);
    return () -> METERS.remove(registry);
  }

  @Override
  public synchronized RatisMetricRegistry create(MetricRegistryInfo info) {
    references.merge(info, 1, Integer::sum);
    return registries.computeIfAbsent(info, Registry::new);
  }

  @Override
  public synchronized boolean remove(MetricRegistryInfo info) {
    Integer count = references.get(info);
    if (count == null) {
      return false;
    }
    if (count > 1) {
      references.put(info, count - 1);
      return false;
    }
    references.remove(info);
    Registry gone = registries.remove(info);
    if (gone != null) {
      gone.removeAll();
    }
    return true;
  }

  @Override
  public synchronized Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info));
  }

  @Override
  public synchronized Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public synchronized Collection<RatisMetricRegistry> getMetricRegistries() {
    return List.copyOf(registries.values());
  }

  @Override
  public synchronized void clear() {
    registries.values().forEach(Registry::removeAll);
    registries.clear();
    references.clear();
  }

  /** Reporters are Micrometer's business here: a node publishes through its own registry. */
  @Override
  public void addReporterRegistration(Consumer<RatisMetricRegistry> reporterRegistration, Consumer<RatisMetricRegistry> stopReporter) {}

  @Override
  public void enableJmxReporter() {}

  @Override
  public void enableConsoleReporter(TimeDuration consoleReportRate) {}

  /** One Ratis component's meters (one per member and component), all tagged with the member. */
  private static final class Registry implements RatisMetricRegistry {
    private final MetricRegistryInfo info;
    private final String prefix;
    private final Tags tags;
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();
    private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();

    Registry(MetricRegistryInfo info) {
      this.info = info;
      String application = info.getApplicationName();
      this.prefix = (application.startsWith("ratis") ? "" : "ratis.") + application + "." + info.getMetricsComponentName() + ".";
      this.tags = Tags.of("member", String.valueOf(info.getPrefix()));
    }

    @Override
    public Timekeeper timer(String name) {
      Timer timer = (Timer) meters.computeIfAbsent(name, n -> Timer.builder(prefix + n).tags(tags).register(METERS));
      return () -> {
        long start = System.nanoTime();
        return () -> {
          long elapsed = System.nanoTime() - start;
          timer.record(elapsed, TimeUnit.NANOSECONDS);
          return elapsed;
        };
      };
    }

    /**
     * Ratis counts both ways (pending requests go up and down) and reads some counts back, so a
     * counter is kept here and published as a gauge of its value.
     */
    @Override
    public LongCounter counter(String name) {
      return counters.computeIfAbsent(name, n -> {
        LongAdder value = new LongAdder();
        replace(n, Gauge.builder(prefix + n, value, LongAdder::sum).tags(tags).strongReference(true));
        return new LongCounter() {
          @Override
          public void inc(long delta) {
            value.add(delta);
          }

          @Override
          public void dec(long delta) {
            value.add(-delta);
          }

          @Override
          public long getCount() {
            return value.sum();
          }
        };
      });
    }

    /** A gauge registered again under the same name reads the new supplier. */
    @Override
    public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
      Supplier<T> value = gaugeSupplier.get();
      replace(name, Gauge.builder(prefix + name, value, RatisMeters::number).tags(tags).strongReference(true));
    }

    private void replace(String name, Gauge.Builder<?> gauge) {
      synchronized (meters) {
        Meter old = meters.remove(name);
        if (old != null) {
          METERS.remove(old);
        }
        meters.put(name, gauge.register(METERS));
      }
    }

    @Override
    public boolean remove(String name) {
      counters.remove(name);
      Meter meter = meters.remove(name);
      if (meter == null) {
        return false;
      }
      METERS.remove(meter);
      return true;
    }

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
      return info;
    }

    void removeAll() {
      for (String name : new ArrayList<>(meters.keySet())) {
        remove(name);
      }
    }
  }

  private static double number(Supplier<?> value) {
    Object v = value.get();
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
