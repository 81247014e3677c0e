package io.chatrelay.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.bench.load.Percentiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LatencyChartTest {

  @TempDir
  Path dir;

  @Test
  void shouldDrawThreePercentileLinesPerSeriesWithSlowerPointsHigherUp() throws Exception {
    Path file = dir.resolve("chart.svg");
    LatencyChart.write(file, "Exchanges <test> & more", "per second", List.of(
        new LatencyChart.Series("relay", List.of(point(1_000, 5, 20, 40), point(2_000, 8, 90, 200))),
        new LatencyChart.Series("direct", List.of(point(1_000, 0.5, 2, 4)))),
        List.of(new LatencyChart.Line("100 ms target", 100)));

    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    NodeList lines = svg.getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(6);
    String[] p50 = ((Element) lines.item(0)).getAttribute("points").split(" ");
    String[] p99 = ((Element) lines.item(1)).getAttribute("points").split(" ");
    // SVG y grows downwards: a larger latency is drawn with a smaller y.
    assertThat(y(p99[0])).isLessThan(y(p50[0]));
    assertThat(y(p99[1])).isLessThan(y(p99[0]));
    assertThat(Files.readString(file)).contains("Exchanges &lt;test&gt; &amp; more").contains("100 ms target");
  }

  @Test
  void shouldWriteAValidChartWhenASeriesHasNoPoints() throws Exception {
    Path file = dir.resolve("empty.svg");
    LatencyChart.write(file, "nothing", "x", List.of(new LatencyChart.Series("none", List.of())), List.of());

    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    assertThat(svg.getElementsByTagName("polyline").getLength()).isZero();
  }

  private static LatencyChart.Point point(double x, double p50, double p99, double p999) {
    return new LatencyChart.Point(x, new Percentiles(100, p50, p50, p99, p99, p999, p999));
  }

  private static double y(String point) {
    return Double.parseDouble(point.split(",")[1]);
  }
}
