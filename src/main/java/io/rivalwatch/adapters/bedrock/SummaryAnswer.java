package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.text.MarkdownText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an executive summary: not empty, no headings, within the word limit, at least one citation, and every link
 * (inline, reference-style, autolink or image, as commonmark parses them, or a bare URL) pointing at a URL found in
 * the request's findings. The report enforces the same on its parsed document whatever passes here.
 */
final class SummaryAnswer {

  private static final Pattern BARE_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>()\\[\\]]+");
  private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.,%$€£-]*");

  private SummaryAnswer() {}

  /** The summary as it goes into the report: no surrounding space, no code fence around it. */
  static String cleaned(String text) {
    return AnalysisAnswer.unfenced(text);
  }

  /**
   * @param citable URLs the summary may link to (as the findings carry them, and as written in the prompt)
   * @return what is wrong, empty when the summary is usable
   */
  static List<String> check(String summary, Set<String> citable, int maxWords, boolean cutOff) {
    List<String> errors = new ArrayList<>();
    if (summary.isBlank()) {
      errors.add("the summary was empty");
      return errors;
    }
    Set<String> foreign = new LinkedHashSet<>();
    int citations = 0;
    // links as the report's renderer parses them: inline, reference-style, autolinks and images alike
    for (String destination : MarkdownText.destinations(summary)) {
      if (citable.contains(destination)) {
        citations++;
      } else {
        foreign.add(destination);
      }
    }
    String withoutLinks = MarkdownText.visibleText(summary);
    Matcher b = BARE_URL.matcher(withoutLinks);
    while (b.find()) {
      String url = trimPunctuation(b.group());
      if (!citable.contains(url)) {
        foreign.add(url);
      }
    }
    withoutLinks = BARE_URL.matcher(withoutLinks).replaceAll(" ");
    for (String url : foreign) {
      errors.add("the link \"" + (url.length() > 120 ? url.substring(0, 117) + "..." : url) + "\" is not among"
          + " the sources of the findings: cite only URLs from the sources attributes, as [n](url)");
    }
    if (citations == 0) {
      errors.add("the summary cites no source: cite the findings it rests on as [n](url)");
    }
    if (HEADING.matcher(summary).find()) {
      errors.add("the summary contains headings: use paragraphs and bullet lists only, the report adds its own"
          + " heading");
    }
    int words = words(withoutLinks);
    if (words > maxWords) {
      errors.add("the summary has " + words + " words, the limit is " + maxWords + ": shorten it");
    }
    if (cutOff) {
      errors.add("the summary was cut off at the output token limit: write it shorter");
    }
    return errors;
  }

  /** Words as a reader counts them; link targets do not count, link texts do. */
  static int words(String text) {
    Matcher m = WORD.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String trimPunctuation(String url) {
    String u = url;
    while (!u.isEmpty() && ".,;:!?'\"*_".indexOf(u.charAt(u.length() - 1)) >= 0) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }
}
