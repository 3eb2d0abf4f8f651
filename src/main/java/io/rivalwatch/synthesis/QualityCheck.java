package io.rivalwatch.synthesis;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.text.MarkdownText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a written report (the Markdown itself, not what the writer meant to write): every competitor named,
 * every analysis claim linked to a source, everything missing listed, no competitor section over its word budget.
 */
final class QualityCheck {

  private static final Pattern VERIFICATION =
      Pattern.compile("(?m)^(\\d+) of (\\d+)" + Pattern.quote(ReportWriter.VERIFIED_LINE));
  private static final Pattern LINK = Pattern.compile("\\]\\(https?://[^)\\s]+\\)");
  private static final Pattern URL = Pattern.compile("\\]\\((https?://[^)\\s]+)\\)");
  private static final Set<String> CLAIM_SUBSECTIONS = Set.of(
      "### " + ReportWriter.title(io.rivalwatch.analysis.AnalysisKind.SENTIMENT),
      "### " + ReportWriter.title(io.rivalwatch.analysis.AnalysisKind.STRATEGY),
      "### " + ReportWriter.title(io.rivalwatch.analysis.AnalysisKind.POSITIONING));

  /**
   * @param knownUrls every document address gathered for the analysed competitors: the only sources the executive
   *     summary may cite (a model must not invent one)
   */
  List<QualityFinding> check(
      String markdown, List<CompetitorProfile> competitors, Set<String> analysedIds, List<String> missing,
      int maxSectionWords, Set<String> knownUrls) {
    return check(markdown, competitors, analysedIds, missing, maxSectionWords, knownUrls, 0);
  }

  /**
   * @param maxUnverifiedShare the share of claims (0 to 1) that may fail verification before the report goes back:
   *     0 sends back any report that had to leave a claim out, so that the reviewer sees it as a finding
   */
  List<QualityFinding> check(
      String markdown, List<CompetitorProfile> competitors, Set<String> analysedIds, List<String> missing,
      int maxSectionWords, Set<String> knownUrls, double maxUnverifiedShare) {
    List<QualityFinding> findings = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    checkVerification(markdown, maxUnverifiedShare, findings);
    int summary = lines.indexOf(ReportWriter.EXECUTIVE_SUMMARY_HEADING);
    if (summary >= 0) {
      Matcher links = URL.matcher(String.join("\n", section(lines, summary)));
      while (links.find()) {
        if (!knownUrls.contains(links.group(1))) {
          findings.add(new QualityFinding(QualityFinding.UNKNOWN_SOURCE, null,
              "the executive summary cites " + links.group(1) + ", which is not a gathered document: cite only "
                  + "documents listed under the competitors' sources"));
        }
      }
    }
    // where each level-2 heading first appears: found once, not searched for per competitor
    Map<String, Integer> headings = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("## ")) {
        headings.putIfAbsent(lines.get(i), i);
      }
    }
    for (CompetitorProfile competitor : competitors) {
      if (analysedIds.contains(competitor.id())) {
        checkSection(competitor, lines, headings.getOrDefault("## " + competitor.name(), -1), maxSectionWords,
            findings);
      } else if (!markdown.contains(competitor.name())) {
        findings.add(new QualityFinding(QualityFinding.COMPETITOR_NOT_NAMED, competitor.id(),
            competitor.name() + " is not named anywhere: list it under 'What is missing' with the reason"));
      }
    }
    if (!missing.isEmpty()) {
      int start = lines.indexOf(ReportWriter.MISSING_HEADING);
      List<String> listed = start < 0 ? List.of() : section(lines, start);
      for (String item : missing) {
        if (listed.stream().noneMatch(l -> l.contains(item) || l.contains(MarkdownText.escape(item)))) {
          findings.add(new QualityFinding(QualityFinding.MISSING_NOT_LISTED, null,
              "missing item not listed under 'What is missing': " + item));
        }
      }
    }
    return findings;
  }

  private void checkSection(
      CompetitorProfile competitor, List<String> lines, int start, int maxWords, List<QualityFinding> findings) {
    if (start < 0) {
      findings.add(new QualityFinding(QualityFinding.COMPETITOR_NOT_NAMED, competitor.id(),
          "no section for " + competitor.name() + ", which was analysed: add '## " + competitor.name() + "'"));
      return;
    }
    List<String> section = section(lines, start);
    int words = ReportWriter.sectionWords(String.join("\n", section));
    if (words > maxWords) {
      findings.add(new QualityFinding(QualityFinding.SECTION_TOO_LONG, competitor.id(),
          "section '" + competitor.name() + "' has " + words + " words before its sources, the limit is " + maxWords
              + ": keep the strongest findings"));
    }
    boolean inClaims = false;
    for (String line : section) {
      if (line.startsWith("### ")) {
        inClaims = CLAIM_SUBSECTIONS.contains(line.trim());
      } else if (inClaims && line.startsWith("- ") && !LINK.matcher(line).find()) {
        findings.add(new QualityFinding(QualityFinding.UNCITED_CLAIM, competitor.id(),
            "claim without a source link in '" + competitor.name() + "': " + abbreviate(line.substring(2))));
      }
    }
  }

  /**
   * Reads the writer's verification line. Unverified claims are left out of the report (ADR 0014), so none is shown
   * as fact; they still count here: a report resting on claims its sources do not bear out goes back, and once the
   * attempts are used up reaches the reviewer with this finding.
   */
  private static void checkVerification(String markdown, double maxShare, List<QualityFinding> findings) {
    Matcher m = VERIFICATION.matcher(markdown);
    if (!m.find()) {
      return; // a report without claims to count (the writer prints the line whenever it checked any)
    }
    int verified = Integer.parseInt(m.group(1));
    int total = Integer.parseInt(m.group(2));
    int unverified = total - verified;
    if (total > 0 && unverified > 0 && (double) unverified / total > maxShare) {
      findings.add(new QualityFinding(QualityFinding.UNVERIFIED_CLAIMS, null, String.format(Locale.ROOT,
          "%d of %d claims are not borne out by the sources they cite (their quoted words are not there) and were "
              + "left out; at most %.0f%% may be (rivalwatch.report.max-unverified-share): check the analyses",
          unverified, total, maxShare * 100)));
    }
  }

  /** The lines after a level-2 heading up to the next level-2 heading. */
  private static List<String> section(List<String> lines, int headingIndex) {
    int end = headingIndex + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(headingIndex + 1, end);
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
