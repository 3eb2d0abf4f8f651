package io.rivalwatch.trends;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A small writer of SVG markup for the trend charts. Every piece of text goes through {@link #escape} (competitor
 * names, price points and signal kinds come from pages and model output: ADR 0011), and a link may only be a relative
 * path into the artefact store ({@link #RELATIVE_PATH}), so nothing from outside becomes markup, a link or a script.
 * Shapes take a CSS class (the page's stylesheet colours them) and the night they show ({@code data-night}).
 */
final class Svg {

  /** A relative link into the artefact store: "../" steps, then letters, digits, '.', '_', '-' and '/'. */
  static final Pattern RELATIVE_PATH = Pattern.compile("(\\.\\./)*[A-Za-z0-9_][A-Za-z0-9._/-]*");
  private static final Pattern CSS_CLASS = Pattern.compile("[a-z][a-z0-9 -]*");
  // characters XML 1.0 does not allow, whatever their escaping
  private static final Pattern NOT_XML = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");

  private final StringBuilder out = new StringBuilder();

  /** A chart of {@code width} by {@code height} user units that scales to the width of its container. */
  Svg(int width, int height, String label) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">");
  }

  /** Text for an element or an attribute: the five XML specials escaped, characters XML forbids removed. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    if (plain(text)) {
      return text;
    }
    String clean = NOT_XML.matcher(text).replaceAll("");
    StringBuilder escaped = new StringBuilder(clean.length() + 16);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> {
          // a lone surrogate is not a character: dropped, like the controls above
          if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < clean.length()
              && Character.isLowSurrogate(clean.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(clean.charAt(i - 1)))) {
            continue;
          }
          escaped.append(c);
        }
      }
    }
    return escaped.toString();
  }

  /** Checks a link: only a relative path into the store may become one. */
  /** True when {@link #escape} leaves the text as it is: nothing to drop, nothing to escape. */
  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '&' || c == '<' || c == '>' || c == '"'
          || c == '\'' || c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static String href(String path) {
    if (path == null || !RELATIVE_PATH.matcher(path).matches() || path.replaceFirst("^(\\.\\./)*", "").contains("..")
        || path.contains("//")) {
      throw new IllegalArgumentException("a chart links only to relative artefact paths, not '" + path + "'");
    }
    return path;
  }

  Svg link(String path) {
    out.append("<a href=\"").append(escape(href(path))).append("\">");
    return this;
  }

  Svg endLink() {
    out.append("</a>");
    return this;
  }

  Svg rect(double x, double y, double width, double height, String cssClass, String night, String title) {
    out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
        .append("\" height=\"").append(n(height)).append('"');
    return shapeEnd("rect", cssClass, night, title);
  }

  Svg circle(double cx, double cy, double r, String cssClass, String night, String title) {
    out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
        .append('"');
    return shapeEnd("circle", cssClass, night, title);
  }

  /** A cross of half-size {@code r} centred on (cx, cy): a thing that was there and is gone. */
  Svg cross(double cx, double cy, double r, String cssClass, String night, String title) {
    out.append("<path d=\"M").append(n(cx - r)).append(' ').append(n(cy - r)).append('L').append(n(cx + r))
        .append(' ').append(n(cy + r)).append('M').append(n(cx - r)).append(' ').append(n(cy + r)).append('L')
        .append(n(cx + r)).append(' ').append(n(cy - r)).append('"');
    return shapeEnd("path", cssClass, night, title);
  }

  Svg line(double x1, double y1, double x2, double y2, String cssClass) {
    out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
        .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cssClass(cssClass)).append("\"/>");
    return this;
  }

  /** A line through the points, each {x, y}. Fewer than two points draw nothing. */
  Svg polyline(List<double[]> points, String cssClass) {
    if (points.size() < 2) {
      return this;
    }
    out.append("<polyline points=\"");
    for (int i = 0; i < points.size(); i++) {
      out.append(i == 0 ? "" : " ").append(n(points.get(i)[0])).append(',').append(n(points.get(i)[1]));
    }
    out.append("\" class=\"").append(cssClass(cssClass)).append("\"/>");
    return this;
  }

  /**
   * @param anchor "start", "middle" or "end"
   */
  Svg text(double x, double y, String text, String cssClass, String anchor) {
    if (!List.of("start", "middle", "end").contains(anchor)) {
      throw new IllegalArgumentException("text-anchor must be start, middle or end, not " + anchor);
    }
    out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" class=\"")
        .append(cssClass(cssClass)).append("\" text-anchor=\"").append(anchor).append("\">").append(escape(text))
        .append("</text>");
    return this;
  }

  String end() {
    return out + "</svg>";
  }

  private Svg shapeEnd(String element, String cssClass, String night, String title) {
    out.append(" class=\"").append(cssClass(cssClass)).append('"');
    if (night != null) {
      out.append(" data-night=\"").append(escape(night)).append('"');
    }
    if (title == null) {
      out.append("/>");
    } else {
      out.append("><title>").append(escape(title)).append("</title></").append(element).append('>');
    }
    return this;
  }

  private static String cssClass(String cssClass) {
    if (!CSS_CLASS.matcher(cssClass).matches()) {
      throw new IllegalArgumentException("not a CSS class list of ours: " + cssClass);
    }
    return cssClass;
  }

  /** A coordinate with at most one decimal, in the root locale (no decimal comma). */
  static String n(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a coordinate must be a finite number, was " + value);
    }
    long tenths = Math.round(value * 10);
    if (tenths % 10 == 0) {
      return Long.toString(tenths / 10);
    }
    // what "%.1f" makes of tenths / 10.0, without the formatter (thousands of coordinates per page)
    long whole = Math.abs(tenths);
    return (tenths < 0 ? "-" : "") + whole / 10 + "." + whole % 10;
  }
}
