package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.text.QuoteMatching;
import io.rivalwatch.text.Spaces;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every claim against the stored text of the documents it cites: a finding is verified when each quote in
 * its evidence is found (see {@link QuoteMatching}) in the title or text of at least one document the finding
 * itself cites. A quote found only in some other document, a paraphrase and an invented quote are all unverified.
 *
 * <p>Unverified findings are dropped from the report, not shown marked (ADR 0014): a marked claim still travels as a
 * line of the report, into the summary table, the review form, the e-mail and Slack, where a reader skimming takes it
 * as fact; and a revision cannot repair it, since the analyses are not rerun. The report counts what it dropped, and
 * the full analysis artefact it links keeps every finding for whoever wants to look.
 */
final class ClaimVerification {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClaimVerification.class);

  /** Straight or curly double quotes around a span: how analysers and models mark a quote inside evidence. */
  private static final Pattern QUOTED = Pattern.compile("[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e]{1,2000})[\"\u201c\u201d\u201e]");
  /** The offline analyser's recurring-pattern evidence quotes the run memory, not a gathered document. */
  private static final String MEMORY_PREFIX = "memory: ";

  enum Verdict {
    /** Every quote is in a cited document. */
    VERIFIED,
    /** A quote is missing from every cited document, or the finding quotes nothing although it should. */
    UNVERIFIED,
    /**
     * The offline analyser's figures computed over all documents (a tone trend, the most frequent terms): they quote
     * nothing, claim nothing a single source says, and are labelled as word-list signals in the report's header.
     */
    NOT_A_QUOTE
  }

  /**
   * One analysis after the check.
   *
   * @param shown the analysis with its unverified findings removed
   * @param verified findings whose quotes were found
   * @param dropped findings left out because a quote was not found
   */
  record Checked(AnalysisResult shown, int verified, int dropped) {
  }

  private ClaimVerification() {
  }

  static Checked check(AnalysisResult result, List<SourceDocument> documents) {
    return check(result, Sources.of(documents));
  }

  /** The check against documents already indexed, so that several analyses of one competitor share the work. */
  static Checked check(AnalysisResult result, Sources byUrl) {
    boolean offline = ReportWriter.OFFLINE_LABEL.equals(result.producedBy());
    List<Finding> kept = new ArrayList<>();
    int verified = 0;
    int dropped = 0;
    for (Finding finding : result.findings()) {
      Verdict verdict = verify(finding, offline, byUrl);
      if (verdict == Verdict.UNVERIFIED) {
        // the finding is data: logged cut and on one line, for whoever looks into a high share of dropped claims
        log.info("claim left out of the report, its quote is not in the {} document(s) it cites: {} {} evidence=[{}]",
            finding.sourceUrls().size(), result.competitorId(), result.kind().id(), oneLine(finding.evidence()));
        dropped++;
        continue;
      }
      if (verdict == Verdict.VERIFIED) {
        verified++;
      }
      kept.add(finding);
    }
    AnalysisResult shown = dropped == 0 ? result : new AnalysisResult(result.kind(), result.competitorId(),
        result.producedBy(), result.summary(), kept, result.metrics(), result.madeBy());
    return new Checked(shown, verified, dropped);
  }

  /**
   * @param quotesOnlyInMarks true for the offline analyser, whose evidence puts every quote in quotation marks and
   *     may add descriptions around them ("first sentence: ..."); a model's evidence is one quote as a whole unless
   *     it marks quotes itself
   */
  static Verdict verify(Finding finding, boolean quotesOnlyInMarks, Map<String, SourceDocument> documents) {
    return verify(finding, quotesOnlyInMarks, Sources.byAddress(documents));
  }

  static Verdict verify(Finding finding, boolean quotesOnlyInMarks, Sources documents) {
    String evidence = finding.evidence() == null ? "" : finding.evidence().strip();
    if (quotesOnlyInMarks && evidence.startsWith(MEMORY_PREFIX)) {
      return Verdict.NOT_A_QUOTE;
    }
    List<String> quotes = quotes(evidence, quotesOnlyInMarks);
    if (quotes.isEmpty()) {
      return quotesOnlyInMarks ? Verdict.NOT_A_QUOTE : Verdict.UNVERIFIED;
    }
    for (String quote : quotes) {
      if (!foundInCited(quote, finding.sourceUrls(), documents)) {
        return Verdict.UNVERIFIED;
      }
    }
    return Verdict.VERIFIED;
  }

  /** Whether the quote is in the title or the stored text of one of the cited documents (not any other). */
  static boolean foundInCited(String quote, List<String> citedUrls, Sources documents) {
    QuoteMatching.Quote wanted = QuoteMatching.Quote.of(quote);
    for (String url : citedUrls) {
      Source document = documents.get(url);
      if (document != null && (wanted.in(document.text()) || wanted.in(document.title()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The documents by address (the first of each address), each normalised for quote lookups once, when a claim
   * first cites it: a report checks every quote of every finding against the documents it cites, and normalising a
   * document per quote was most of the report's CPU.
   */
  static final class Sources {

    private final Map<String, SourceDocument> byUrl = new LinkedHashMap<>();
    private final Map<String, Source> normalised = new HashMap<>();

    static Sources of(Collection<SourceDocument> documents) {
      Sources sources = new Sources();
      documents.forEach(d -> sources.byUrl.putIfAbsent(d.url(), d));
      return sources;
    }

    static Sources byAddress(Map<String, SourceDocument> documents) {
      Sources sources = new Sources();
      sources.byUrl.putAll(documents);
      return sources;
    }

    /** The cited document normalised, or null when none was gathered at that address. */
    Source get(String url) {
      SourceDocument document = byUrl.get(url);
      if (document == null) {
        return null;
      }
      return normalised.computeIfAbsent(url, u -> new Source(
          QuoteMatching.SearchText.of(document.text()), QuoteMatching.SearchText.of(document.title())));
    }
  }

  /** A document's text and title, normalised. */
  record Source(QuoteMatching.SearchText text, QuoteMatching.SearchText title) {
  }

  private static String oneLine(String text) {
    String flat = text == null ? "" : Spaces.collapse(text);
    return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
  }

  static List<String> quotes(String evidence, boolean onlyInMarks) {
    List<String> quotes = new ArrayList<>();
    Matcher m = QUOTED.matcher(evidence);
    while (m.find()) {
      if (!m.group(1).isBlank()) {
        quotes.add(m.group(1));
      }
    }
    if (quotes.isEmpty() && !onlyInMarks && !evidence.isBlank()) {
      quotes.add(evidence);
    }
    return quotes;
  }
}
