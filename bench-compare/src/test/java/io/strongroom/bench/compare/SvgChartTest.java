package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** compare.svg is well-formed SVG with one bar per system and workload, labelled. */
class SvgChartTest {
  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document d, String name) {
    NodeList nodes = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  @Test
  void wellFormedWithABarPerSystemAndWorkload() throws Exception {
    List<Report.Row> rows = List.of(
        new Report.Row("write-c1", new Report.Figures(197, 4.78, 10.34), new Report.Figures(560, 1.7, 3.1)),
        new Report.Row("write-c64", new Report.Figures(2401, 25.3, 48.3), new Report.Figures(3700, 15, 42)),
        new Report.Row("read-c64", new Report.Figures(2672, 22.6, 40.97), new Report.Figures(4100, 14, 30)));
    Document d = parse(SvgChart.render(rows, "Strongroom vs etcd <smoke & test>"));

    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
    List<Element> rects = elements(d, "rect");
    assertThat(rects.stream().filter(r -> r.getAttribute("fill").equals(SvgChart.STRONGROOM_COLOR))).as("legend + one per workload").hasSize(4);
    assertThat(rects.stream().filter(r -> r.getAttribute("fill").equals(SvgChart.ETCD_COLOR))).hasSize(4);
    List<String> texts = elements(d, "text").stream().map(Element::getTextContent).toList();
    assertThat(texts).contains("Strongroom vs etcd <smoke & test>", "write-c1", "write-c64", "read-c64", "Strongroom", "etcd", "2,401", "3,700",
        "ratio 0.35", "ratio 0.65");
    // the tallest bar (4,100) fits under the axis top and every bar has a non-negative height
    for (Element r : rects) {
      assertThat(Integer.parseInt(r.getAttribute("height"))).isGreaterThanOrEqualTo(0);
      assertThat(Integer.parseInt(r.getAttribute("y"))).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void emptyAndZeroChartsAreStillWellFormed() throws Exception {
    assertThat(parse(SvgChart.render(List.of(), "nothing")).getDocumentElement().getLocalName()).isEqualTo("svg");
    Document d = parse(SvgChart.render(List.of(new Report.Row("x", new Report.Figures(0, 0, 0), new Report.Figures(0, 0, 0))), "zeros"));
    assertThat(elements(d, "text").stream().map(Element::getTextContent)).contains("ratio n/a");
  }

  @Test
  void axisStepsAreRound() {
    assertThat(SvgChart.niceStep(740)).isEqualTo(1000);
    assertThat(SvgChart.niceStep(820)).isEqualTo(1000);
    assertThat(SvgChart.niceStep(410)).isEqualTo(500);
    assertThat(SvgChart.niceStep(150)).isEqualTo(200);
    assertThat(SvgChart.niceStep(100)).isEqualTo(100);
    assertThat(SvgChart.niceStep(0)).isEqualTo(1);
  }

  @Test
  void escapesMarkup() {
    assertThat(SvgChart.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&apos;");
  }
}
