package io.strongroom.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed-loop workload: {@code clients} logical clients, each with one request in flight, each
 * request a write with probability {@code writePercent}/100 and a linearizable read otherwise.
 *
 * @param name as it appears in tables and in compare.json, for example {@code write-c64}
 */
record Workload(String name, int clients, int writePercent) {
  /** The workloads of issue 8, in the order they run. */
  static final List<Workload> ALL = List.of(
      new Workload("write-c1", 1, 100),
      new Workload("write-c16", 16, 100),
      new Workload("write-c64", 64, 100),
      new Workload("read-c16", 16, 0),
      new Workload("read-c64", 64, 0),
      new Workload("mixed-c64", 64, 10));

  Workload {
    if (clients < 1 || clients > 4096) {
      throw new IllegalArgumentException("clients must be 1..4096, was " + clients);
    }
    if (writePercent < 0 || writePercent > 100) {
      throw new IllegalArgumentException("writePercent must be 0..100, was " + writePercent);
    }
  }

  /**
   * The workloads named in {@code filter} (comma-separated names, or {@code all}), in the standard
   * order. A name that is no workload is an error that lists the known ones.
   */
  static List<Workload> select(String filter) {
    if (filter == null || filter.isBlank() || filter.strip().equals("all")) {
      return ALL;
    }
    Map<String, Workload> byName = new LinkedHashMap<>();
    ALL.forEach(w -> byName.put(w.name(), w));
    List<String> wanted = new ArrayList<>();
    for (String s : filter.split(",")) {
      String n = s.strip();
      if (n.isEmpty()) {
        continue;
      }
      if (!byName.containsKey(n)) {
        throw new IllegalArgumentException("no workload '" + n + "' (known: " + String.join(", ", byName.keySet()) + ", all)");
      }
      wanted.add(n);
    }
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("no workload selected by '" + filter + "'");
    }
    return ALL.stream().filter(w -> wanted.contains(w.name())).toList();
  }
}
