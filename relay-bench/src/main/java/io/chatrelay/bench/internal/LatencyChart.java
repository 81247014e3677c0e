package io.chatrelay.bench.internal;

import io.chatrelay.bench.load.Percentiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * An SVG chart of latency percentiles (p50, p99, p99.9; logarithmic axis) against throughput, one colour per series
 * (the product, a baseline), with the target latencies as horizontal lines. Written by hand: it is a few lines and
 * polylines, not worth a plotting library.
 */
public final class LatencyChart {

  /** One measurement: its throughput and its latencies. */
  public record Point(double x, Percentiles latency) {}

  public record Series(String name, List<Point> points) {}

  /** A horizontal line at {@code millis}. */
  public record Line(String label, double millis) {}

  private static final int W = 860;
  private static final int H = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final String[] COLOURS = {"#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92"};

  private LatencyChart() {}

  public static void write(Path file, String title, String xLabel, List<Series> series, List<Line> lines) {
    List<Series> drawn = series.stream().filter(s -> !s.points().isEmpty()).toList();
    double maxX = 1;
    double minY = 1;
    double maxY = 10;
    for (Series s : drawn) {
      for (Point p : s.points()) {
        maxX = Math.max(maxX, p.x());
        minY = Math.min(minY, Math.max(0.01, p.latency().p50()));
        maxY = Math.max(maxY, p.latency().p999());
      }
    }
    for (Line l : lines) {
      maxY = Math.max(maxY, l.millis());
    }
    Scale scale = new Scale(niceCeiling(maxX * 1.05), Math.floor(Math.log10(minY)), Math.ceil(Math.log10(maxY)));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(text(W / 2.0, 28, escape(title), "middle", 16, "bold"));
    axes(svg, scale, xLabel);
    for (Line l : lines) {
      double y = scale.y(l.millis());
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b1b4b6\" "
          + "stroke-dasharray=\"8,4\"/>%n", LEFT, y, W - RIGHT, y));
      svg.append(text(W - RIGHT - 4, y - 4, escape(l.label()), "end", 11, "normal"));
    }
    for (int i = 0; i < drawn.size(); i++) {
      plot(svg, scale, drawn.get(i), COLOURS[i % COLOURS.length], i);
    }
    svg.append("</svg>\n");
    try {
      Files.writeString(file, svg, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private record Scale(double maxX, double minDecade, double maxDecade) {
    double x(double v) {
      return LEFT + v / maxX * (W - LEFT - RIGHT);
    }

    double y(double millis) {
      double d = (Math.log10(Math.max(millis, Math.pow(10, minDecade))) - minDecade) / (maxDecade - minDecade);
      return H - BOTTOM - d * (H - TOP - BOTTOM);
    }
  }

  private static void axes(StringBuilder svg, Scale s, String xLabel) {
    int x0 = LEFT;
    int y0 = H - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n", x0, TOP,
        y0, W - RIGHT));
    for (int i = 0; i <= 5; i++) {
      double v = s.maxX() * i / 5;
      double x = s.x(v);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
          x, y0, x, y0 + 5));
      svg.append(text(x, y0 + 20, String.format(Locale.ROOT, "%,.0f", v), "middle", 11, "normal"));
    }
    for (double d = s.minDecade(); d <= s.maxDecade(); d++) {
      double y = s.y(Math.pow(10, d));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n",
          x0, y, W - RIGHT, y));
      svg.append(text(x0 - 8, y + 4, label(Math.pow(10, d)), "end", 11, "normal"));
    }
    svg.append(text((LEFT + W - RIGHT) / 2.0, H - 18, escape(xLabel), "middle", 13, "normal"));
    svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" "
        + "text-anchor=\"middle\" font-size=\"13\">latency (ms, log scale)</text>%n", (TOP + y0) / 2, (TOP + y0) / 2));
  }

  private static void plot(StringBuilder svg, Scale s, Series series, String colour, int index) {
    String[] dashes = {"", "6,4", "2,3"};
    String[] names = {"p50", "p99", "p99.9"};
    List<ToDoubleFunction<Percentiles>> values = List.of(Percentiles::p50, Percentiles::p99, Percentiles::p999);
    List<Point> points = new ArrayList<>(series.points());
    points.sort((a, b) -> Double.compare(a.x(), b.x()));
    for (int k = 0; k < 3; k++) {
      StringBuilder path = new StringBuilder();
      for (Point p : points) {
        double x = s.x(p.x());
        double y = s.y(values.get(k).applyAsDouble(p.latency()));
        path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y,
            colour));
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
          + "%s/>%n", path.toString().trim(), colour, dashes[k].isEmpty() ? "" : " stroke-dasharray=\"" + dashes[k]
          + "\""));
      double ly = TOP + 10 + index * 70 + k * 18;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s/>%n", W - RIGHT + 15, ly, W - RIGHT + 45, ly, colour,
          dashes[k].isEmpty() ? "" : " stroke-dasharray=\"" + dashes[k] + "\""));
      svg.append(text(W - RIGHT + 50, ly + 4, escape(series.name()) + " " + names[k], "start", 11, "normal"));
    }
  }

  private static String text(double x, double y, String body, String anchor, int size, String weight) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
        + "font-weight=\"%s\">%s</text>%n", x, y, anchor, size, weight, body);
  }

  private static String label(double ms) {
    return ms >= 1 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
