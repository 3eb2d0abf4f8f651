package io.rivalwatch.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {

  @Test
  void textFromPagesStaysText() {
    String svg = new Svg(100, 50, "chart of <x>").text(1, 2, "<script>alert('x')</script> & \"q\"", "axis", "start")
        .end();
    assertThat(svg).doesNotContain("<script").doesNotContain("'x'")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        .contains("aria-label=\"chart of &lt;x&gt;\"");
  }

  @Test
  void tooltipsAndNightsAreEscapedToo() {
    String svg = new Svg(100, 50, "c").circle(1, 2, 3, "mark", "run\"><script>", "a</title><script>").end();
    assertThat(svg).doesNotContain("<script").contains("data-night=\"run&quot;&gt;&lt;script&gt;\"")
        .contains("<title>a&lt;/title&gt;&lt;script&gt;</title>");
  }

  @Test
  void charactersXmlForbidsAreDropped() {
    assertThat(Svg.escape("a\u0000b\u001bc\uFFFEd\uD800e")).isEqualTo("abcde");
    assertThat(Svg.escape("tab\tnew\nline \uD83D\uDCC8")).isEqualTo("tab\tnew\nline \uD83D\uDCC8");
    assertThat(Svg.escape(null)).isEmpty();
  }

  @Test
  void linksAreRelativePathsIntoTheStoreOnly() {
    assertThat(new Svg(10, 10, "c").link("../../../run-1/synthesis/_run/report-r1.html").endLink().end())
        .contains("<a href=\"../../../run-1/synthesis/_run/report-r1.html\"></a>");
    for (String bad : List.of("javascript:alert(1)", "https://evil.example/", "//evil.example/x", "/etc/passwd",
        "../a/../../b", "a b", "data:text/html,x", "a\"onmouseover=\"x")) {
      assertThatThrownBy(() -> Svg.href(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("relative artefact paths");
    }
  }

  @Test
  void classesAreOursAndCoordinatesAreFiniteWithOneDecimalInTheRootLocale() {
    assertThatThrownBy(() -> new Svg(10, 10, "c").rect(0, 0, 1, 1, "mark\" onclick=\"x", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Svg.n(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertThat(Svg.n(12.34)).isEqualTo("12.3");
      assertThat(Svg.n(-0.55)).isEqualTo("-0.5");
      assertThat(Svg.n(7.0)).isEqualTo("7");
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void shapesCarryTheirNightAndClass() {
    String svg = new Svg(200, 100, "c").rect(1, 2, 3, 4, "mark cost", "run-1", null)
        .cross(10, 10, 2, "mark price dropped", "run-2", "gone")
        .polyline(List.of(new double[] {1, 2}, new double[] {3, 4.25}), "trend-line").end();
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\"")
        .contains("<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" class=\"mark cost\" data-night=\"run-1\"/>")
        .contains("<path d=\"M8 8L12 12M8 12L12 8\" class=\"mark price dropped\" data-night=\"run-2\"><title>gone</title></path>")
        .contains("<polyline points=\"1,2 3,4.3\" class=\"trend-line\"/>").endsWith("</svg>");
  }

  @Test
  void coordinatesAreWhatTheFormatterWouldWrite_andPlainTextIsKeptAsItIs() {
    for (long tenths = -20_000; tenths <= 20_000; tenths++) {
      double value = tenths / 10.0;
      String formatted = tenths % 10 == 0 ? Long.toString(tenths / 10)
          : String.format(java.util.Locale.ROOT, "%.1f", value);
      assertThat(Svg.n(value)).as("%s", value).isEqualTo(formatted);
      assertThat(Svg.n(value + 0.04)).as("%s", value + 0.04).isEqualTo(formatted);
    }
    assertThat(Svg.n(-0.04)).isEqualTo("0");
    assertThat(Svg.n(-0.06)).isEqualTo("-0.1");
    String plain = "Acme Analytics, run night-1 (Dec 5)";
    assertThat(Svg.escape(plain)).isSameAs(plain);
    assertThat(Svg.escape("Globex <b>Data</b> & Co's")).isEqualTo("Globex &lt;b&gt;Data&lt;/b&gt; &amp; Co&#39;s");
  }
}
