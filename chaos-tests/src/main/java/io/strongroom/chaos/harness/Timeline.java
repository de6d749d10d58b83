package io.strongroom.chaos.harness;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.OpType;
import io.strongroom.chaos.nemesis.FaultKind;
import io.strongroom.chaos.nemesis.Nemesis;
import io.strongroom.chaos.workload.RunLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A timeline picture of a run as hand-written SVG: faults on top (one band per kind, leader kills as
 * red lines through everything), then one lane per client thread with each operation drawn from its
 * invocation to its completion: green ok, grey fail, orange info (indeterminate), red never
 * completed; operations in a counterexample are outlined in black.
 */
public final class Timeline {
  /** A drawn operation. */
  public record Bar(String lane, long startNanos, long endNanos, OpType outcome, String title, boolean highlighted) {}

  private static final int WIDTH = 1600;
  private static final int LEFT = 110;
  private static final int RIGHT = 20;
  private static final int LANE = 11;
  private static final int BAND = 14;

  private Timeline() {}

  /** Register calls as bars, in lanes named by {@code lane}. */
  public static List<Bar> registerBars(List<Call> calls, long endNanos, LongFunction<String> lane, Set<Long> highlightedInvocations) {
    List<Bar> bars = new ArrayList<>();
    for (Call c : calls) {
      long start = c.invocation().time().orElse(0);
      long end = c.completion().map(o -> o.time().orElse(endNanos)).orElse(endNanos);
      String title = c.toString() + (c.key().map(k -> " key " + k).orElse(""));
      bars.add(new Bar(lane.apply(c.process()), start, end, c.outcome(), title,
          highlightedInvocations.contains(c.invocation().index())));
    }
    return bars;
  }

  /** Set-workload events paired into bars. */
  public static List<Bar> setBars(List<RunLog.Event> events, long endNanos, LongFunction<String> lane) {
    List<Bar> bars = new ArrayList<>();
    Map<String, RunLog.Event> open = new HashMap<>();
    for (RunLog.Event e : events) {
      if (e.isNemesis()) {
        continue;
      }
      String p = e.process().toString();
      if (e.type().equals("invoke")) {
        open.put(p, e);
        continue;
      }
      RunLog.Event inv = open.remove(p);
      if (inv != null) {
        long process = Long.parseLong(p);
        bars.add(new Bar(lane.apply(process), inv.timeNanos(), e.timeNanos(), OpType.valueOf(e.type().toUpperCase(Locale.ROOT)),
            "process " + p + " :" + e.f() + " " + (e.f().equals("add") ? inv.value() : "") + " :" + e.type(), false));
      }
    }
    for (RunLog.Event inv : open.values()) {
      long process = Long.parseLong(inv.process().toString());
      bars.add(new Bar(lane.apply(process), inv.timeNanos(), endNanos, OpType.INFO,
          "process " + inv.process() + " :" + inv.f() + " " + inv.value() + " never completed", false));
    }
    return bars;
  }

  /** The SVG document. */
  public static String svg(String title, long endNanos, List<Bar> bars, List<Nemesis.Interval> faults,
      List<Nemesis.LeaderKill> kills) {
    Map<String, List<Bar>> lanes = new TreeMap<>(Timeline::laneOrder);
    for (Bar b : bars) {
      lanes.computeIfAbsent(b.lane(), k -> new ArrayList<>()).add(b);
    }
    Map<FaultKind, Integer> bandOf = new TreeMap<>();
    for (Nemesis.Interval f : faults) {
      bandOf.putIfAbsent(f.kind(), 0);
    }
    int band = 0;
    for (FaultKind k : bandOf.keySet()) {
      bandOf.put(k, band++);
    }
    int top = 40;
    int lanesTop = top + Math.max(1, bandOf.size()) * BAND + 14;
    int height = lanesTop + lanes.size() * LANE + 60;
    double span = Math.max(1, endNanos);
    double plot = WIDTH - LEFT - RIGHT;
    LongFunction<Double> x = t -> LEFT + plot * Math.max(0, Math.min(t, endNanos)) / span;
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"10\">\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\">").append(escape(title)).append("</text>\n");
    // time axis
    long seconds = endNanos / 1_000_000_000L;
    long tick = seconds > 300 ? 60 : seconds > 60 ? 10 : 5;
    for (long s = 0; s <= seconds; s += tick) {
      double tx = x.apply(s * 1_000_000_000L);
      sb.append("<line x1=\"").append(f(tx)).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(f(tx))
          .append("\" y2=\"").append(height - 40).append("\" stroke=\"#eee\"/>\n");
      sb.append("<text x=\"").append(f(tx)).append("\" y=\"").append(top - 8).append("\" text-anchor=\"middle\" fill=\"#666\">")
          .append(s).append("s</text>\n");
    }
    // fault bands
    for (Map.Entry<FaultKind, Integer> e : bandOf.entrySet()) {
      int y = top + e.getValue() * BAND;
      sb.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(y + 10).append("\" text-anchor=\"end\">")
          .append(e.getKey().keyword()).append("</text>\n");
    }
    for (Nemesis.Interval f : faults) {
      int y = top + bandOf.get(f.kind()) * BAND;
      double x0 = x.apply(f.startNanos());
      double w = Math.max(1.5, x.apply(f.endNanos()) - x0);
      sb.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(y).append("\" width=\"").append(f(w))
          .append("\" height=\"").append(BAND - 2).append("\" fill=\"").append(color(f.kind())).append("\" opacity=\"0.8\"><title>")
          .append(escape(f.kind().keyword() + ": " + f.detail() + " (" + ms(f.startNanos()) + " - " + ms(f.endNanos()) + ")"))
          .append("</title></rect>\n");
    }
    // lanes
    int i = 0;
    for (Map.Entry<String, List<Bar>> lane : lanes.entrySet()) {
      int y = lanesTop + i++ * LANE;
      sb.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(y + 8).append("\" text-anchor=\"end\">")
          .append(escape(lane.getKey())).append("</text>\n");
      for (Bar b : lane.getValue()) {
        double x0 = x.apply(b.startNanos());
        double w = Math.max(0.8, x.apply(b.endNanos()) - x0);
        sb.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(y).append("\" width=\"").append(f(w))
            .append("\" height=\"").append(LANE - 3).append("\" fill=\"").append(color(b.outcome(), b.endNanos() >= endNanos))
            .append('"');
        if (b.highlighted()) {
          sb.append(" stroke=\"black\" stroke-width=\"1.5\"");
        }
        sb.append("><title>").append(escape(b.title())).append("</title></rect>\n");
      }
    }
    for (Nemesis.LeaderKill k : kills) {
      double kx = x.apply(k.atNanos());
      sb.append("<line x1=\"").append(f(kx)).append("\" y1=\"").append(top).append("\" x2=\"").append(f(kx))
          .append("\" y2=\"").append(height - 40).append("\" stroke=\"red\" stroke-width=\"1\"><title>")
          .append(escape(k.kind().keyword() + " " + k.node() + " at " + ms(k.atNanos()))).append("</title></line>\n");
    }
    // legend
    int ly = height - 20;
    String[][] legend = {{"#2ca02c", "ok"}, {"#9aa0a6", "fail"}, {"#ff9f1c", "info (indeterminate)"},
        {"#d62728", "never completed"}, {"white", "in a counterexample (outlined)"}};
    int lx = LEFT;
    for (String[] l : legend) {
      sb.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"12\" height=\"10\" fill=\"")
          .append(l[0]).append('"').append(l[0].equals("white") ? " stroke=\"black\"" : "").append("/>\n");
      sb.append("<text x=\"").append(lx + 16).append("\" y=\"").append(ly).append("\">").append(l[1]).append("</text>\n");
      lx += 30 + l[1].length() * 6;
    }
    sb.append("<text x=\"").append(lx).append("\" y=\"").append(ly).append("\" fill=\"red\">| leader killed</text>\n");
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static int laneOrder(String a, String b) {
    String[] pa = a.split(" ");
    String[] pb = b.split(" ");
    int c = pa[0].compareTo(pb[0]);
    if (c != 0 || pa.length < 2 || pb.length < 2) {
      return c != 0 ? c : a.compareTo(b);
    }
    try {
      return Long.compare(Long.parseLong(pa[1]), Long.parseLong(pb[1]));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static String color(OpType outcome, boolean open) {
    switch (outcome) {
      case OK:
        return "#2ca02c";
      case FAIL:
        return "#9aa0a6";
      default:
        return open ? "#d62728" : "#ff9f1c";
    }
  }

  private static String color(FaultKind k) {
    String[] palette = {"#1f77b4", "#9467bd", "#8c564b", "#e377c2", "#d62728", "#ff7f0e", "#bcbd22", "#17becf",
        "#7f7f7f", "#2ca02c", "#393b79"};
    return palette[k.ordinal() % palette.length];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
