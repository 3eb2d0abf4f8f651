package io.rivalwatch.research.sources;

import io.rivalwatch.text.AddressedToModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The main text of an HTML page, with boilerplate (navigation, banners, cookie notices, footers) removed.
 *
 * <p>Headings, paragraphs, list items and table cells each become one sentence ending in a full stop, so that
 * sentence splitting downstream keeps a heading apart from the paragraph below it.
 *
 * @param title the page's {@code <title>}, else its first {@code <h1>}, else empty
 * @param text the main text, whitespace normalised
 * @param links absolute http(s) links, those in the main text first, then the rest of the page; fragments removed
 * @param publishedAt the publication time the page declares (article meta, {@code <time datetime>}), or null
 * @param blocksAddressedToModels how many blocks (the title, paragraphs, list items...) were left out of the title
 *     and text because they address a language model ({@link AddressedToModels})
 */
public record HtmlText(String title, String text, List<String> links, Instant publishedAt,
    int blocksAddressedToModels) {

  /**
   * Plain text of an HTML fragment, and how many of its blocks were left out because they address a model.
   *
   * @param text the kept blocks, each a sentence
   * @param blocksAddressedToModels blocks left out
   */
  public record Fragment(String text, int blocksAddressedToModels) {}

  private static final Set<String> ALWAYS_DROPPED =
      Set.of(
          "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "nav", "aside",
          "form", "button", "select", "dialog", "menu");

  /**
   * Text a reader does not see, so it is no content of the page: the {@code hidden} attribute, {@code aria-hidden},
   * and the inline styles below. Styles from style sheets are not evaluated (that needs a browser); inline styles
   * are how hidden text is planted in a page or a feed item's HTML.
   */
  private static final String HIDDEN = "[hidden], [aria-hidden=true], [style]";

  /**
   * An inline style that hides its element: display:none, visibility:hidden/collapse, opacity:0, a font size of 0 or
   * 1px, no width and no height (or one of them with overflow:hidden), a clip to nothing, or off-screen placement
   * (left/right/top/bottom, text-indent or a margin of -500 or beyond, as in the usual -9999px). Matched on the style
   * with its whitespace removed and lower-cased.
   */
  private static final Pattern HIDING_STYLE = Pattern.compile(String.join("|",
      "(^|;)display:none", "(^|;)visibility:(hidden|collapse)", "(^|;)opacity:0*(\\.0+)?%?(;|!|$)",
      "(^|;)font-size:(0*(\\.0+)?|0*1)(px|pt|em|rem|%)?(;|!|$)",
      "(^|;)clip:rect\\(0(px)?,?0(px)?,?0(px)?,?0(px)?\\)", "(^|;)clip-path:inset\\((50|100)%\\)",
      "(^|;)(left|right|top|bottom|text-indent|margin-left|margin-top):-0*([5-9]\\d{2}|\\d{4,})(\\.\\d+)?[a-z%]*"));

  private static final Pattern ZERO_WIDTH = Pattern.compile("(^|;)(max-)?width:0*(\\.0+)?[a-z%]*(;|!|$)");
  private static final Pattern ZERO_HEIGHT = Pattern.compile("(^|;)(max-)?height:0*(\\.0+)?[a-z%]*(;|!|$)");
  private static final Pattern OVERFLOW_HIDDEN = Pattern.compile("(^|;)overflow:(hidden|clip)");

  /**
   * A block addressed to a model that is this short (a heading "Notice to AI systems", a salutation "Assistant, note
   * the following.") announces a payload that follows in the next block, so the next block is left out too.
   */
  private static final int ANNOUNCEMENT_WORDS = 12;

  private static final String DROPPED_BY_ROLE =
      "[role=navigation], [role=navigation], [role=banner], [role=contentinfo], [role=complementary],"
          + " [role=dialog], [role=alertdialog], [role=search]";

  /** Class or id words that mark boilerplate wherever they appear. */
  private static final Set<String> BOILERPLATE_WORDS =
      Set.of(
          "cookie", "cookies", "consent", "gdpr", "banner", "menu", "breadcrumb", "breadcrumbs", "navbar", "nav",
          "navigation", "sidebar", "share", "sharing", "social", "newsletter", "subscribe", "popup", "modal",
          "advert", "advertisement", "ads", "sponsored", "promo", "skip", "related", "comments", "toolbar");

  /** Words that mark page furniture only when the page has no main or article element. */
  private static final Set<String> PAGE_FURNITURE_WORDS = Set.of("header", "footer", "masthead");

  private static final Set<String> BLOCKS =
      Set.of(
          "p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
          "caption", "figure", "figcaption", "br", "hr", "address", "details", "summary", "body");

  private static final Pattern WORD_SEPARATOR = Pattern.compile("[^a-z0-9]+");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.!?\u2026][\"'\u201D\u2019)\\]]*$");

  public HtmlText {
    links = List.copyOf(links);
  }

  public HtmlText(String title, String text, List<String> links, Instant publishedAt) {
    this(title, text, links, publishedAt, 0);
  }

  /** Extracts the main text of a whole page; relative links are resolved against {@code baseUri}. */
  public static HtmlText extract(String html, String baseUri) {
    Document document = Jsoup.parse(html == null ? "" : html, baseUri == null ? "" : baseUri);
    // hidden text goes before anything reads the page, its links included
    removeHidden(document.body());
    int titlesLeftOut = 0;
    String title = normalise(document.title());
    if (AddressedToModels.isAddressedToAModel(title)) {
      titlesLeftOut++;
      title = "";
    }
    if (title.isEmpty()) {
      Element h1 = document.selectFirst("h1");
      title = h1 == null ? "" : normalise(h1.text());
      if (AddressedToModels.isAddressedToAModel(title)) {
        title = "";
      }
    }
    Instant publishedAt = publishedAt(document);

    Set<String> pageLinks = new LinkedHashSet<>();
    collectLinks(document.body(), pageLinks);

    Element root = mainElement(document);
    clean(root, root == document.body());

    Set<String> links = new LinkedHashSet<>();
    collectLinks(root, links);
    links.addAll(pageLinks);
    Fragment kept = keptBlocks(blocks(root));
    return new HtmlText(title, kept.text(), new ArrayList<>(links), publishedAt,
        titlesLeftOut + kept.blocksAddressedToModels());
  }

  /**
   * Plain text of an HTML fragment (a feed item's description, a post's text): tags removed, blocks as sentences.
   */
  public static String fragmentText(String html) {
    return fragment(html).text();
  }

  /**
   * Plain text of an HTML fragment (a feed item's content, a post): hidden and non-content elements removed, blocks
   * addressed to a model left out and counted, the other blocks as sentences.
   */
  public static Fragment fragment(String html) {
    if (html == null || html.isBlank()) {
      return new Fragment("", 0);
    }
    Element body = Jsoup.parseBodyFragment(html).body();
    removeHidden(body);
    body.select(String.join(", ", ALWAYS_DROPPED)).remove();
    return keptBlocks(blocks(body));
  }

  /** True when the element's inline style hides it (see {@link #HIDING_STYLE}). */
  static boolean hiddenByStyle(String style) {
    if (style == null || style.isBlank()) {
      return false;
    }
    String compact = WHITESPACE.matcher(style.toLowerCase(Locale.ROOT)).replaceAll("");
    if (HIDING_STYLE.matcher(compact).find()) {
      return true;
    }
    boolean noWidth = ZERO_WIDTH.matcher(compact).find();
    boolean noHeight = ZERO_HEIGHT.matcher(compact).find();
    return (noWidth && noHeight) || ((noWidth || noHeight) && OVERFLOW_HIDDEN.matcher(compact).find());
  }

  /** Removes what a reader does not see: hidden elements (see {@link #HIDDEN}), comments, templates, noscript. */
  private static void removeHidden(Element scope) {
    if (scope == null) {
      return;
    }
    List<Element> hidden = new ArrayList<>();
    for (Element element : scope.select(HIDDEN)) {
      if (element.hasAttr("hidden") || "true".equalsIgnoreCase(element.attr("aria-hidden").strip())
          || hiddenByStyle(element.attr("style"))) {
        hidden.add(element);
      }
    }
    hidden.forEach(Element::remove);
    scope.select("template, noscript").remove();
    List<Node> comments = new ArrayList<>();
    NodeTraversor.traverse((node, depth) -> {
      if (node instanceof Comment) {
        comments.add(node);
      }
    }, scope);
    comments.forEach(Node::remove);
  }

  /**
   * The blocks not addressed to a model, joined as sentences. A block addressed to a model is left out whole, and
   * when it is short (an announcement), the block after it too: the payload of a split injection.
   */
  private static Fragment keptBlocks(List<String> blocks) {
    List<String> kept = new ArrayList<>();
    int leftOut = 0;
    boolean dropNext = false;
    for (String block : blocks) {
      if (AddressedToModels.isAddressedToAModel(block)) {
        leftOut++;
        dropNext = block.split(" ").length < ANNOUNCEMENT_WORDS;
      } else if (dropNext) {
        leftOut++;
        dropNext = false;
      } else {
        kept.add(block);
      }
    }
    return new Fragment(String.join(" ", kept), leftOut);
  }

  /** Plain text of a short HTML string such as a headline: tags removed, entities decoded, one line. */
  public static String plain(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    return normalise(Jsoup.parseBodyFragment(html).body().text());
  }

  /** Absolute http(s) links in an HTML fragment, resolved against {@code baseUri}. */
  public static List<String> fragmentLinks(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      return List.of();
    }
    Set<String> links = new LinkedHashSet<>();
    Element body = Jsoup.parseBodyFragment(html, baseUri == null ? "" : baseUri).body();
    removeHidden(body);
    collectLinks(body, links);
    return new ArrayList<>(links);
  }

  /** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
  public static String normalise(String text) {
    return text == null ? "" : WHITESPACE.matcher(text).replaceAll(" ").strip();
  }

  /** The text as a sentence: a full stop is added unless it already ends like one. */
  public static String asSentence(String text) {
    String normalised = normalise(text);
    if (normalised.isEmpty() || SENTENCE_END.matcher(normalised).matches()) {
      return normalised;
    }
    if (normalised.endsWith(":") || normalised.endsWith(";") || normalised.endsWith(",")) {
      normalised = normalised.substring(0, normalised.length() - 1).stripTrailing();
    }
    return normalised + ".";
  }

  private static Element mainElement(Document document) {
    Element main = document.selectFirst("main, [role=main]");
    if (main != null) {
      return main;
    }
    List<Element> articles = document.select("article");
    if (articles.size() == 1) {
      return articles.get(0);
    }
    return document.body();
  }

  private static void clean(Element root, boolean wholePage) {
    root.select(String.join(", ", ALWAYS_DROPPED)).remove();
    root.select(DROPPED_BY_ROLE).remove();
    if (wholePage) {
      for (Element furniture : root.select("header, footer")) {
        if (furniture.closest("article") == null) {
          furniture.remove();
        }
      }
    }
    List<Element> boilerplate = new ArrayList<>();
    for (Element element : root.getAllElements()) {
      if (element != root && isBoilerplate(element, wholePage)) {
        boilerplate.add(element);
      }
    }
    boilerplate.forEach(Element::remove);
  }

  private static boolean isBoilerplate(Element element, boolean wholePage) {
    String names = (element.className() + " " + element.id()).toLowerCase(Locale.ROOT);
    if (names.isBlank()) {
      return false;
    }
    for (String word : WORD_SEPARATOR.split(names)) {
      if (BOILERPLATE_WORDS.contains(word)) {
        return true;
      }
      if (wholePage && PAGE_FURNITURE_WORDS.contains(word) && element.closest("article") == null) {
        return true;
      }
    }
    return false;
  }

  /** The text of each block element (heading, paragraph, list item, cell...) as one sentence, in document order. */
  private static List<String> blocks(Element root) {
    List<String> sentences = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
              current.append(text.getWholeText());
            } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
              flush();
            } else if (node instanceof Element element && "img".equals(element.normalName())) {
              current.append(' ');
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
              flush();
            }
          }

          private void flush() {
            String sentence = asSentence(current.toString());
            current.setLength(0);
            if (!sentence.isEmpty()) {
              sentences.add(sentence);
            }
          }
        },
        root);
    String rest = asSentence(current.toString());
    if (!rest.isEmpty()) {
      sentences.add(rest);
    }
    return sentences;
  }

  private static void collectLinks(Element scope, Set<String> links) {
    if (scope == null) {
      return;
    }
    // resolved against the base found once: Element.absUrl looks for it up the tree for every link, which takes
    // minutes on a page of a few hundred thousand nested elements
    String base = scope.baseUri();
    for (Element anchor : scope.select("a[href]")) {
      String absolute = StringUtil.resolve(base, anchor.attr("href"));
      String normalised = Urls.normalise(absolute);
      if (normalised != null) {
        links.add(normalised);
      }
    }
  }

  private static Instant publishedAt(Document document) {
    for (String query :
        List.of(
            "meta[property=article:published_time]",
            "meta[name=article:published_time]",
            "meta[itemprop=datePublished]",
            "meta[name=date]",
            "meta[name=dc.date]",
            "meta[name=DC.date.issued]")) {
      Element meta = document.selectFirst(query);
      if (meta != null) {
        Instant instant = Dates.parse(meta.attr("content"));
        if (instant != null) {
          return instant;
        }
      }
    }
    Element time = document.selectFirst("article time[datetime], main time[datetime], time[datetime]");
    return time == null ? null : Dates.parse(time.attr("datetime"));
  }
}
