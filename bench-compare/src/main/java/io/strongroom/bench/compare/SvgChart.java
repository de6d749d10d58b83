package io.strongroom.bench.compare;

import java.util.List;
import java.util.Locale;

/**
 * {@code compare.svg}: grouped bars of throughput per workload, Strongroom next to etcd, each bar
 * labelled with its ops/s, the ratio under each group, a y axis with round ticks and a legend.
 * Plain SVG 1.1 with no scripts or external references, readable in any browser. Pure.
 */
final class SvgChart {
  static final String STRONGROOM_COLOR = "#2f6fb0";
  static final String ETCD_COLOR = "#e08a2c";

  private static final int WIDTH_PER_GROUP = 130;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 70;
  private static final int PLOT_HEIGHT = 320;
  private static final int BOTTOM = 70;
  private static final int BAR = 44;

  private SvgChart() {}

  /** The chart for {@code rows}, titled {@code title} (escaped here). */
  static String render(List<Report.Row> rows, String title) {
    int width = LEFT + RIGHT + Math.max(1, rows.size()) * WIDTH_PER_GROUP;
    int height = TOP + PLOT_HEIGHT + BOTTOM;
    double max = 0;
    for (Report.Row r : rows) {
      max = Math.max(max, Math.max(r.strongroom().opsPerSec(), r.etcd().opsPerSec()));
    }
    double step = niceStep(max / 5);
    double top = Math.max(step, Math.ceil(max / step) * step);
    int baseline = TOP + PLOT_HEIGHT;

    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height, width, height));
    s.append(String.format(Locale.ROOT, "  <rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
    // legend
    s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"36\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", LEFT, STRONGROOM_COLOR));
    s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"46\">Strongroom</text>%n", LEFT + 18));
    s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"36\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", LEFT + 110, ETCD_COLOR));
    s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"46\">etcd</text>%n", LEFT + 128));
    s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"46\" fill=\"#555555\">ratio = Strongroom / etcd ops/s</text>%n", LEFT + 180));
    // y axis, ticks and grid
    for (double v = 0; v <= top + step / 2; v += step) {
      int y = baseline - (int) Math.round(v / top * PLOT_HEIGHT);
      s.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dddddd\"/>%n", LEFT, y, width - RIGHT, y));
      s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, escape(format(v))));
    }
    s.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n", LEFT, TOP, LEFT, baseline));
    s.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n", LEFT, baseline, width - RIGHT, baseline));
    s.append(String.format(Locale.ROOT,
        "  <text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">operations per second</text>%n",
        TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2));
    // bars
    for (int i = 0; i < rows.size(); i++) {
      Report.Row r = rows.get(i);
      int groupX = LEFT + i * WIDTH_PER_GROUP + (WIDTH_PER_GROUP - 2 * BAR - 4) / 2;
      bar(s, groupX, baseline, top, r.strongroom().opsPerSec(), STRONGROOM_COLOR, "Strongroom " + r.name());
      bar(s, groupX + BAR + 4, baseline, top, r.etcd().opsPerSec(), ETCD_COLOR, "etcd " + r.name());
      int center = groupX + BAR + 2;
      s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
          center, baseline + 20, escape(r.name())));
      double ratio = r.ratio();
      s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">ratio %s</text>%n",
          center, baseline + 38, Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio)));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void bar(StringBuilder s, int x, int baseline, double top, double value, String color, String tooltip) {
    int h = (int) Math.round(Math.max(0, value) / top * PLOT_HEIGHT);
    s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %s ops/s</title></rect>%n",
        x, baseline - h, BAR, h, color, escape(tooltip), escape(format(value))));
    s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
        x + BAR / 2, baseline - h - 4, escape(format(value))));
  }

  /** A round axis step (1, 2 or 5 times a power of ten) at least {@code rough}. */
  static double niceStep(double rough) {
    if (!(rough > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= rough) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  /** XML text escaping for element content and attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
