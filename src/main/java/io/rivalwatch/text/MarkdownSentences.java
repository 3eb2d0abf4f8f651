package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.markdown.MarkdownRenderer;

/**
 * Model-written Markdown taken apart into sentences, so that each can be judged on its own, and put back together
 * without the ones the caller does not keep. Paragraphs and list items are parsed by commonmark; a paragraph is cut
 * into sentences after . ! ? or … followed by a space, never inside quotation marks or a link, nor after a short
 * abbreviation or an initial. Citations written after the full stop ("... leader. [1](url)") belong to the sentence
 * before them. A paragraph or list item left without sentences is removed.
 */
public final class MarkdownSentences {

  /**
   * One sentence.
   *
   * @param markdown the sentence as Markdown
   * @param text what a reader sees, without the texts of links (citation numbers)
   * @param links the destinations of its links
   */
  public record Sentence(String markdown, String text, List<String> links) {}

  private static final Parser PARSER = Parser.builder().build();
  private static final MarkdownRenderer MARKDOWN = MarkdownRenderer.builder().build();
  private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "inc", "ltd", "corp", "co", "vs", "etc",
      "mr", "mrs", "ms", "dr", "no", "approx", "u.s", "u.k", "e.u", "st");
  /** Characters that may close a sentence after its stop: quotes, emphasis, brackets. */
  private static final String CLOSERS = "\"\u201d\u2019'*_)";
  private static final Pattern TRAILING_CITATIONS =
      Pattern.compile("\\G(?:\\s*\\[\\d{1,3}\\]\\([^)\\s]+\\)[,;]?)+[.!?]?");

  private MarkdownSentences() {}

  /** Every sentence of the Markdown's paragraphs (list items included), in order. */
  public static List<Sentence> of(String markdown) {
    List<Sentence> all = new ArrayList<>();
    for (Paragraph paragraph : paragraphs(PARSER.parse(markdown == null ? "" : markdown))) {
      split(MARKDOWN.render(paragraph).strip()).forEach(s -> all.add(sentence(s)));
    }
    return all;
  }

  /**
   * The Markdown with only the sentences {@code keep} accepts; empty when none is left.
   */
  public static String keep(String markdown, Predicate<Sentence> keep) {
    Node document = PARSER.parse(markdown == null ? "" : markdown);
    for (Paragraph paragraph : paragraphs(document)) {
      List<String> sentences = split(MARKDOWN.render(paragraph).strip());
      List<String> kept = sentences.stream().filter(s -> keep.test(sentence(s))).toList();
      if (kept.size() == sentences.size()) {
        continue;
      }
      if (kept.isEmpty()) {
        remove(paragraph);
        continue;
      }
      Node replacement = PARSER.parse(String.join(" ", kept)).getFirstChild();
      if (replacement instanceof Paragraph parsed) {
        for (Node child = paragraph.getFirstChild(); child != null; ) {
          Node next = child.getNext();
          child.unlink();
          child = next;
        }
        for (Node child = parsed.getFirstChild(); child != null; ) {
          Node next = child.getNext();
          paragraph.appendChild(child);
          child = next;
        }
      } else {
        // a kept sentence that no longer parses as a paragraph on its own (it began with a list marker)
        remove(paragraph);
      }
    }
    return MARKDOWN.render(document).strip();
  }

  /** Sentences of one paragraph's Markdown. Package-private for tests. */
  static List<String> split(String markdown) {
    List<String> out = new ArrayList<>();
    int n = markdown.length();
    int start = 0;
    boolean straightQuote = false;
    int curlyQuotes = 0;
    int brackets = 0;
    int parens = 0;
    for (int i = 0; i < n; i++) {
      char c = markdown.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      switch (c) {
        case '"' -> straightQuote = !straightQuote;
        case '\u201c' -> curlyQuotes++;
        case '\u201d' -> curlyQuotes = Math.max(0, curlyQuotes - 1);
        case '[' -> brackets++;
        case ']' -> brackets = Math.max(0, brackets - 1);
        case '(' -> parens++;
        case ')' -> parens = Math.max(0, parens - 1);
        default -> { }
      }
      if (!Character.isWhitespace(c) || straightQuote || curlyQuotes > 0 || brackets > 0 || parens > 0
          || !endsSentence(markdown, start, i)) {
        continue;
      }
      int end = i;
      Matcher citations = TRAILING_CITATIONS.matcher(markdown);
      if (citations.find(i) && citations.start() == i) {
        end = citations.end();
      }
      String sentence = markdown.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        out.add(sentence);
      }
      start = end;
      i = Math.max(i, end - 1);
    }
    String last = markdown.substring(Math.min(start, n)).strip();
    if (!last.isEmpty()) {
      out.add(last);
    }
    return out;
  }

  /** Whether the text before the space at {@code space} ends a sentence. */
  private static boolean endsSentence(String markdown, int start, int space) {
    int p = space - 1;
    while (p >= start && CLOSERS.indexOf(markdown.charAt(p)) >= 0) {
      p--;
    }
    if (p < start) {
      return false;
    }
    char stop = markdown.charAt(p);
    if (stop == '!' || stop == '?' || stop == '\u2026') {
      return true;
    }
    if (stop != '.') {
      return false;
    }
    int word = p;
    while (word > start && !Character.isWhitespace(markdown.charAt(word - 1))) {
      word--;
    }
    String before = markdown.substring(word, p).replaceAll("^[\\p{Punct}]+", "").toLowerCase(Locale.ROOT);
    // an initial ("J. Smith") or an abbreviation ("e.g.", "Inc.") does not end a sentence
    return !(before.length() == 1 && Character.isLetter(before.charAt(0))) && !ABBREVIATIONS.contains(before);
  }

  private static Sentence sentence(String markdown) {
    StringBuilder text = new StringBuilder();
    List<String> links = new ArrayList<>();
    PARSER.parse(markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        links.add(link.getDestination());
      }

      @Override
      public void visit(Text node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(Code node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(SoftLineBreak node) {
        text.append(' ');
      }

      @Override
      public void visit(HardLineBreak node) {
        text.append(' ');
      }
    });
    return new Sentence(markdown, text.toString().strip(), List.copyOf(links));
  }

  private static List<Paragraph> paragraphs(Node document) {
    List<Paragraph> found = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Paragraph paragraph) {
        found.add(paragraph);
      }
    });
    return found;
  }

  /** Removes the paragraph, and the list item and list it leaves empty. */
  private static void remove(Paragraph paragraph) {
    Node parent = paragraph.getParent();
    paragraph.unlink();
    if (parent instanceof ListItem item && item.getFirstChild() == null) {
      Node list = item.getParent();
      item.unlink();
      if (list instanceof ListBlock && list.getFirstChild() == null) {
        list.unlink();
      }
    }
  }
}
