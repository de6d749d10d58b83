package io.strongroom.chaos.workload;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryRecorder;
import io.strongroom.chaos.history.Op;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that happened in one run, on one clock: the register operations (recorded by a
 * {@link HistoryRecorder}, which the linearizability checker reads), the set workload's adds and
 * reads, and the nemesis's faults.
 *
 * <p>{@link #writeEdn} writes them as one Jepsen-style EDN history, ordered by time: register
 * events exactly as the recorder made them, set events with {@code :f :add} / {@code :f :read-set}
 * and nemesis events with {@code :process :nemesis}, both of which {@code bin/check-history} (and
 * the {@link io.strongroom.chaos.history.HistoryReader}) skip. Thread-safe.
 */
public final class RunLog {
  /** A set-workload or nemesis event. */
  public record Event(long timeNanos, Edn process, String type, String f, Edn value, Optional<String> error) {
    public Event {
      Objects.requireNonNull(process, "process");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(f, "f");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(error, "error");
    }

    public boolean isNemesis() {
      return process instanceof Edn.Keyword;
    }

    Edn.MapOf toEdn() {
      Map<Edn, Edn> m = new LinkedHashMap<>();
      m.put(Edn.keyword("time"), Edn.of(timeNanos));
      m.put(Edn.keyword("type"), Edn.keyword(type));
      m.put(Edn.keyword("process"), process);
      m.put(Edn.keyword("f"), Edn.keyword(f));
      m.put(Edn.keyword("value"), value);
      error.ifPresent(e -> m.put(Edn.keyword("error"), Edn.keyword(e)));
      return new Edn.MapOf(m);
    }
  }

  private final long origin;
  private final HistoryRecorder registers;
  private final List<Event> events = new ArrayList<>();

  public RunLog() {
    this.origin = System.nanoTime();
    this.registers = new HistoryRecorder(() -> System.nanoTime() - origin);
  }

  /** Nanoseconds since the run began, on the same clock as every event. */
  public long now() {
    return System.nanoTime() - origin;
  }

  /** The recorder of register operations. */
  public HistoryRecorder registers() {
    return registers;
  }

  /** Records a set-workload event of client process {@code process}. */
  public synchronized Event client(long process, String type, String f, Edn value, Optional<String> error) {
    Event e = new Event(now(), Edn.of(process), type, f, value, error);
    events.add(e);
    return e;
  }

  /** Records a nemesis event: {@code f} is the fault kind, {@code type} {@code info}, value what it did. */
  public synchronized Event nemesis(String f, String value) {
    Event e = new Event(now(), Edn.keyword("nemesis"), "info", f, Edn.of(value), Optional.empty());
    events.add(e);
    return e;
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> nemesisEvents() {
    return events().stream().filter(Event::isNemesis).toList();
  }

  /** The register history so far. */
  public History registerHistory() {
    return registers.history();
  }

  /** Writes every event, register, set and nemesis, as EDN lines in time order. */
  public void writeEdn(Path file) throws IOException {
    List<Op> ops = registerHistory().ops();
    List<Event> others = events();
    record Line(long time, int source, int position, String text) {}
    List<Line> lines = new ArrayList<>(ops.size() + others.size());
    for (int i = 0; i < ops.size(); i++) {
      lines.add(new Line(ops.get(i).time().orElse(0), 0, i, ops.get(i).toEdn().toString()));
    }
    for (int i = 0; i < others.size(); i++) {
      lines.add(new Line(others.get(i).timeNanos(), 1, i, others.get(i).toEdn().toString()));
    }
    // Stable within each source, so the register events keep exactly the recorder's order.
    lines.sort(Comparator.comparingLong(Line::time).thenComparingInt(Line::source).thenComparingInt(Line::position));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Line l : lines) {
        out.write(l.text());
        out.write('\n');
      }
    }
  }
}
