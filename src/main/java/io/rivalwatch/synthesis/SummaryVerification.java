package io.rivalwatch.synthesis;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.text.MarkdownSentences;
import io.rivalwatch.text.MarkdownSentences.Sentence;
import io.rivalwatch.text.Spaces;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the executive summary sentence by sentence, as {@link ClaimVerification} checks findings: every sentence
 * states a fact about the competitors, so each must quote, in quotation marks, at least {@value #MIN_QUOTE_WORDS}
 * words of a gathered source and cite that source; every quote of the sentence must be found (see
 * {@link io.rivalwatch.text.QuoteMatching}) in the title or text of a document the sentence itself links. A sentence
 * that cites nothing, quotes nothing, or quotes words its sources do not contain is left out (ADR 0014) and counted.
 *
 * <p>There is no exemption for sentences "about the report": a summary that may say anything uncited is where an
 * obeyed injection would land, and the report states what is missing and what changed in its own words.
 */
final class SummaryVerification {

  static final int MIN_QUOTE_WORDS = 3;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SummaryVerification.class);
  private static final Pattern QUOTED =
      Pattern.compile("[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e]{1,2000})[\"\u201c\u201d\u201e]");

  /**
   * The summary after the check.
   *
   * @param shown the summary with its unverified sentences left out; empty when none is left
   * @param claims sentences kept (verified) and left out (dropped)
   */
  record Checked(String shown, SummaryClaims claims) {}

  /**
   * The note the Bedrock summary writer puts first when a fallback wrote the summary: our text, with the reason a
   * model was unavailable; no link, quote or markup. Only as the very first paragraph.
   */
  private static final Pattern FALLBACK_NOTE = Pattern.compile(
      "_Written (?:without a language model|by the fallback model \\S+) because [^\\n\\[\\]<>\"_]{1,400}\\._(?:\\n\\n|$)");

  private SummaryVerification() {}

  static Checked check(String summary, List<SourceDocument> documents) {
    return check(summary, ClaimVerification.Sources.of(documents));
  }

  /**
   * The documents the summary may cite, with those the findings cite normalised for quote lookups already: a summary
   * quotes what the findings rest on, and this can be done while the summary is written (issue 14). The others are
   * normalised when a sentence cites them. Only read after: hand it over through a happens-before edge.
   */
  static ClaimVerification.Sources prepared(List<SourceDocument> documents, java.util.Set<String> citedByFindings) {
    ClaimVerification.Sources sources = ClaimVerification.Sources.of(documents);
    citedByFindings.forEach(sources::get);
    return sources;
  }

  /** As {@link #check(String, List)}, against documents made by {@link #prepared} (or {@code Sources.of}). */
  static Checked check(String summary, ClaimVerification.Sources byUrl) {
    if (summary == null || summary.isBlank()) {
      return new Checked("", SummaryClaims.NONE);
    }
    // the writer's own note on a fallback ("_Written by the fallback model ... because ..._") is not a claim
    Matcher note = FALLBACK_NOTE.matcher(summary);
    String prefix = note.lookingAt() ? note.group().strip() : "";
    String claims = summary.substring(note.lookingAt() ? note.end() : 0);
    int[] counts = new int[2];
    String kept = MarkdownSentences.keep(claims, sentence -> {
      boolean verified = verified(sentence, byUrl);
      counts[verified ? 0 : 1]++;
      if (!verified) {
        log.info("summary sentence left out: it does not quote a source it cites: [{}]", oneLine(sentence.text()));
      }
      return verified;
    });
    String shown = kept.isBlank() ? "" : prefix.isEmpty() ? kept : prefix + "\n\n" + kept;
    return new Checked(shown, new SummaryClaims(counts[0], counts[1]));
  }

  static boolean verified(Sentence sentence, ClaimVerification.Sources documents) {
    if (sentence.links().isEmpty()) {
      return false;
    }
    List<String> quotes = quotes(sentence.text());
    if (quotes.isEmpty()) {
      return false;
    }
    for (String quote : quotes) {
      if (Spaces.words(quote.strip()) < MIN_QUOTE_WORDS
          || !ClaimVerification.foundInCited(quote, sentence.links(), documents)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> quotes(String text) {
    List<String> quotes = new ArrayList<>();
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      if (!m.group(1).isBlank()) {
        quotes.add(m.group(1));
      }
    }
    return quotes;
  }

  private static String oneLine(String text) {
    String flat = Spaces.collapse(text);
    return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
  }
}
