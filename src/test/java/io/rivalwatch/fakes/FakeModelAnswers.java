package io.rivalwatch.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake's stand-in for a language model: answers derived deterministically from the request, in the shape the
 * prompts ask for, citing only URLs the request carries. No intelligence, but every number and quote can be traced
 * to the request text: one finding per document kind quoting a real sentence of that kind, a sentiment score from
 * a tiny word count, segments and prices from simple patterns, a summary linking the findings' sources.
 */
final class FakeModelAnswers {

  /** A document found in the user message: any element with kind and url attributes around its text. */
  record Document(String kind, String url, String title, String text) {}

  private static final Pattern DOCUMENT =
      Pattern.compile("(?s)<(untrusted_document_[0-9a-f]+)\\s([^>]*)>\\n?(.*?)\\n?</\\1>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
  private static final Pattern COMPETITOR_LINE = Pattern.compile("(?m)^Competitor: (.+)$");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern WORD = Pattern.compile("[a-z]+");
  private static final Set<String> POSITIVE = Set.of("good", "great", "excellent", "love", "loved", "loves", "fast",
      "easy", "reliable", "best", "praised", "praise", "growth", "strong", "happy", "impressive", "recommend",
      "improved", "leading", "award", "awarded", "favourite", "favorite", "helpful", "simple");
  private static final Set<String> NEGATIVE = Set.of("bad", "poor", "slow", "outage", "outages", "bug", "bugs",
      "expensive", "hate", "worst", "complaint", "complaints", "broken", "layoffs", "lawsuit", "terrible",
      "disappointing", "disappointed", "crash", "crashes", "fails", "failed", "frustrating", "confusing");
  private static final Map<String, Pattern> SEGMENTS = segments();
  private static final Pattern PRICE = Pattern.compile(
      "[$€£]\\s?\\d[\\d,]*(?:\\.\\d{1,2})?(?:\\s*(?:/|per)\\s*(?:user|seat|month|year|mo|yr)"
          + "(?:\\s*(?:/|per)\\s*(?:month|year|mo|yr))?)?");
  private static final Map<String, Pattern> MOVES = moves();

  private FakeModelAnswers() {}

  static List<Document> documents(String userMessage) {
    List<Document> docs = new ArrayList<>();
    Matcher m = DOCUMENT.matcher(userMessage);
    while (m.find()) {
      Map<String, String> attributes = attributes(m.group(2));
      docs.add(new Document(attributes.getOrDefault("kind", "unknown"), attributes.get("url"),
          attributes.getOrDefault("title", ""), m.group(3)));
    }
    return docs;
  }

  static Map<String, String> attributes(String text) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher a = ATTRIBUTE.matcher(text);
    while (a.find()) {
      attributes.put(a.group(1), unescape(a.group(2)));
    }
    return attributes;
  }

  static String competitor(String userMessage) {
    Matcher m = COMPETITOR_LINE.matcher(userMessage);
    return m.find() ? m.group(1).strip() : "the competitor";
  }

  /** The JSON answer of an analysis task, as a map ready to be written as JSON. */
  static Map<String, Object> analysis(String task, String competitor, List<Document> docs) {
    Map<String, List<Document>> byKind = new LinkedHashMap<>();
    for (Document d : docs) {
      byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d);
    }
    List<Map<String, Object>> findings = new ArrayList<>();
    Map<String, Object> metrics = new LinkedHashMap<>();
    String summary;
    switch (task) {
      case "sentiment" -> {
        double total = 0;
        int positive = 0;
        int negative = 0;
        for (Map.Entry<String, List<Document>> kind : byKind.entrySet()) {
          double kindScore = 0;
          for (Document d : kind.getValue()) {
            double s = tone(d.text());
            kindScore += s;
            total += s;
            if (s > 0.1) {
              positive++;
            } else if (s < -0.1) {
              negative++;
            }
          }
          kindScore = round(kindScore / kind.getValue().size());
          String sentence = sentence(kind.getValue(), FakeModelAnswers::hasToneWord);
          findings.add(finding("tone-by-source",
              capitalised(kind.getKey()) + " sources about " + competitor + " read " + label(kindScore) + ".",
              sentence, urls(kind.getValue()), kindScore));
        }
        double score = docs.isEmpty() ? 0 : round(total / docs.size());
        metrics.put("score", score);
        metrics.put("positiveDocuments", positive);
        metrics.put("negativeDocuments", negative);
        metrics.put("neutralDocuments", docs.size() - positive - negative);
        summary = competitor + " is talked about in a " + label(score) + " tone across " + docs.size()
            + " documents.";
      }
      case "strategy" -> {
        int moves = 0;
        for (Map.Entry<String, List<Document>> kind : byKind.entrySet()) {
          String sentence = sentence(kind.getValue(), s -> move(s) != null);
          String category = move(sentence);
          if (category != null) {
            moves++;
          }
          findings.add(finding(category == null ? "theme" : category,
              capitalised(kind.getKey()) + " sources report about " + competitor + ": " + sentence,
              sentence, urls(kind.getValue()), 0.5));
        }
        metrics.put("moves", moves);
        metrics.put("themes", findings.size() - moves);
        summary = competitor + " shows " + moves + " strategic moves in " + docs.size() + " documents.";
      }
      case "positioning" -> {
        Map<String, Integer> segmentCounts = new LinkedHashMap<>();
        Set<String> prices = new LinkedHashSet<>();
        for (Document d : docs) {
          SEGMENTS.forEach((segment, pattern) -> {
            if (pattern.matcher(d.text()).find()) {
              segmentCounts.merge(segment, 1, Integer::sum);
            }
          });
          Matcher p = PRICE.matcher(d.text());
          while (p.find()) {
            prices.add(p.group().strip());
          }
        }
        for (Map.Entry<String, List<Document>> kind : byKind.entrySet()) {
          String sentence = sentence(kind.getValue(),
              s -> PRICE.matcher(s).find() || SEGMENTS.values().stream().anyMatch(p -> p.matcher(s).find()));
          String category = PRICE.matcher(sentence).find() ? "price-point"
              : SEGMENTS.values().stream().anyMatch(p -> p.matcher(sentence).find()) ? "segment" : "value-proposition";
          findings.add(finding(category,
              capitalised(kind.getKey()) + " sources position " + competitor + " so: " + sentence,
              sentence, urls(kind.getValue()), 0.5));
        }
        metrics.put("segmentCounts", segmentCounts);
        metrics.put("pricePoints", List.copyOf(prices));
        summary = competitor + " targets " + (segmentCounts.isEmpty() ? "no named segment"
            : String.join(", ", segmentCounts.keySet())) + " with " + prices.size() + " stated price points.";
      }
      default -> throw new IllegalArgumentException("no analysis task " + task);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("summary", summary);
    answer.put("findings", findings);
    answer.put("metrics", metrics);
    return answer;
  }

  private static final Pattern COMPETITOR_ELEMENT =
      Pattern.compile("(?s)<competitor name=\"([^\"]*)\" id=\"[^\"]*\">(.*?)</competitor>");
  private static final Pattern FINDING =
      Pattern.compile("(?s)<finding category=\"[^\"]*\" sources=\"([^\"]*)\">(.*?)</finding>");
  private static final Pattern MAX_WORDS = Pattern.compile("(?i)at most (\\d+) words");

  /** A finding as the summary prompt carries it: its competitor, first source, statement and evidence. */
  record SummaryFinding(String competitor, String url, String statement, String evidence, List<String> urls) {

    /** Citations of every source of the finding (the quote may be in any of them), numbered in {@code numbers}. */
    String cite(Map<String, Integer> numbers) {
      List<String> links = new ArrayList<>();
      for (String u : urls.subList(0, Math.min(3, urls.size()))) {
        links.add("[" + numbers.computeIfAbsent(u, k -> numbers.size() + 1) + "](" + u + ")");
      }
      return String.join(" ", links);
    }

    /** The first words of the evidence, as far as a double quote inside it; empty when fewer than three. */
    String quote() {
      String text = evidence.split("[\"\u201c\u201d]", 2)[0].strip();
      String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
      if (words.length < 3) {
        return "";
      }
      return String.join(" ", java.util.Arrays.copyOf(words, Math.min(15, words.length)));
    }
  }

  private static final Pattern EVIDENCE = Pattern.compile("(?s)\\s+Evidence: \"(.*)\"$");

  /** Every finding of the summary prompt, competitor by competitor, in the prompt's order. */
  static List<SummaryFinding> summaryFindings(String userMessage) {
    List<SummaryFinding> found = new ArrayList<>();
    Matcher c = COMPETITOR_ELEMENT.matcher(userMessage);
    while (c.find()) {
      String name = unescape(c.group(1));
      Matcher f = FINDING.matcher(c.group(2));
      while (f.find()) {
        Matcher e = EVIDENCE.matcher(f.group(2));
        String evidence = e.find() ? e.group(1) : "";
        String statement = f.group(2).replaceAll("(?s)\\s+Evidence:.*$", "").strip();
        List<String> urls = List.of(f.group(1).strip().split("\\s+"));
        found.add(new SummaryFinding(name, urls.get(0), statement, evidence, urls));
      }
    }
    return found;
  }

  /**
   * A Markdown executive summary as the prompt asks for it: per competitor, one sentence quoting the first words of
   * its first finding's evidence and citing that finding's first source (a finding without a usable quote gives a
   * sentence without one, which the report leaves out). Reviewer's comments and quality findings are answered with
   * one more quoted sentence each.
   */
  static String summary(String system, String userMessage) {
    Matcher words = MAX_WORDS.matcher(system);
    int maxWords = words.find() ? Integer.parseInt(words.group(1)) : 300;
    Map<String, Integer> numbers = new LinkedHashMap<>();
    Map<String, List<SummaryFinding>> byCompetitor = new LinkedHashMap<>();
    summaryFindings(userMessage).forEach(f -> byCompetitor.computeIfAbsent(f.competitor(), k -> new ArrayList<>()).add(f));
    List<String> paragraphs = new ArrayList<>();
    int used = 0;
    SummaryFinding spare = null;
    for (List<SummaryFinding> findings : byCompetitor.values()) {
      SummaryFinding chosen = findings.stream().filter(f -> !f.quote().isEmpty()).findFirst().orElse(findings.get(0));
      String paragraph = "**" + chosen.competitor() + "**: " + (chosen.quote().isEmpty()
          ? firstWords(chosen.statement(), 30) : "\"" + chosen.quote() + "\"") + " " + chosen.cite(numbers);
      int cost = paragraph.split("\\s+").length;
      if (!paragraphs.isEmpty() && used + cost > maxWords - 40) {
        break;
      }
      paragraphs.add(paragraph);
      used += cost;
      if (spare == null) {
        spare = findings.stream().filter(f -> !f.quote().isEmpty() && f != chosen).findFirst().orElse(
            chosen.quote().isEmpty() ? null : chosen);
      }
    }
    String comments = section(userMessage, "Reviewer's comments on the previous revision (address every one):");
    if (!comments.isBlank() && !comments.equals("none") && spare != null) {
      paragraphs.add("As the reviewer asked, more on **" + spare.competitor() + "**: \"" + spare.quote() + "\" "
          + spare.cite(numbers));
    }
    String quality = section(userMessage, "Quality findings on the previous revision (fix every one):");
    if (!quality.isBlank() && !quality.startsWith("none") && spare != null) {
      paragraphs.add("Fixed since the last revision, **" + spare.competitor() + "**: \"" + spare.quote() + "\" "
          + spare.cite(numbers));
    }
    return String.join("\n\n", paragraphs);
  }

  private static String section(String text, String heading) {
    int start = text.indexOf(heading);
    if (start < 0) {
      return "";
    }
    int from = start + heading.length();
    int end = text.indexOf("\n\n", from);
    return text.substring(from, end < 0 ? text.length() : end).strip();
  }

  private static String firstWords(String text, int max) {
    String[] words = text.strip().split("\\s+");
    if (words.length <= max) {
      return String.join(" ", words);
    }
    return String.join(" ", java.util.Arrays.copyOf(words, max)) + "...";
  }

  private static Map<String, Object> finding(
      String category, String statement, String evidence, List<String> urls, double score) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("category", category);
    f.put("statement", statement);
    f.put("evidence", evidence);
    f.put("sourceUrls", urls);
    f.put("score", score);
    return f;
  }

  /** The first sentence of the first document that matches, else the first sentence of all. */
  private static String sentence(List<Document> docs, java.util.function.Predicate<String> wanted) {
    for (Document d : docs) {
      for (String s : SENTENCE_END.split(d.text().strip())) {
        if (!s.isBlank() && wanted.test(s)) {
          return clipped(s);
        }
      }
    }
    return clipped(SENTENCE_END.split(docs.get(0).text().strip())[0]);
  }

  private static String clipped(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= 280 ? t : t.substring(0, 277) + "...";
  }

  private static double tone(String text) {
    int positive = 0;
    int negative = 0;
    Matcher w = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (w.find()) {
      if (POSITIVE.contains(w.group())) {
        positive++;
      } else if (NEGATIVE.contains(w.group())) {
        negative++;
      }
    }
    return positive + negative == 0 ? 0 : (positive - negative) / (double) (positive + negative);
  }

  private static boolean hasToneWord(String sentence) {
    Matcher w = WORD.matcher(sentence.toLowerCase(Locale.ROOT));
    while (w.find()) {
      if (POSITIVE.contains(w.group()) || NEGATIVE.contains(w.group())) {
        return true;
      }
    }
    return false;
  }

  private static String move(String sentence) {
    for (Map.Entry<String, Pattern> m : MOVES.entrySet()) {
      if (m.getValue().matcher(sentence).find()) {
        return m.getKey();
      }
    }
    return null;
  }

  private static String label(double score) {
    return score > 0.1 ? "positive" : score < -0.1 ? "negative" : "neutral";
  }

  private static List<String> urls(List<Document> docs) {
    return docs.stream().map(Document::url).distinct().toList();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static Map<String, Pattern> segments() {
    Map<String, Pattern> m = new LinkedHashMap<>();
    m.put("enterprise", Pattern.compile("(?i)\\benterprises?\\b"));
    m.put("mid-market", Pattern.compile("(?i)\\bmid-?market\\b"));
    m.put("small business", Pattern.compile("(?i)\\bsmall (?:and medium[- ]sized )?business(?:es)?\\b|\\bSMBs?\\b"));
    m.put("developers", Pattern.compile("(?i)\\bdevelopers?\\b"));
    m.put("startups", Pattern.compile("(?i)\\bstart-?ups?\\b"));
    return m;
  }

  private static Map<String, Pattern> moves() {
    Map<String, Pattern> m = new LinkedHashMap<>();
    m.put("product-launch", Pattern.compile("(?i)\\b(?:launch(?:es|ed)?|introduc(?:es|ed)|unveil(?:s|ed)?|releas(?:es|ed))\\b"));
    m.put("partnership", Pattern.compile("(?i)\\bpartner(?:s|ed|ship)?\\b"));
    m.put("acquisition", Pattern.compile("(?i)\\bacqui(?:res?|red|sition)\\b"));
    m.put("investment", Pattern.compile("(?i)\\b(?:invest(?:s|ed|ment)?|funding|raised?|series [a-e])\\b"));
    m.put("hiring", Pattern.compile("(?i)\\bhir(?:es|ed|ing)\\b"));
    m.put("pricing-change", Pattern.compile("(?i)\\bpric(?:e|es|ing)\\b"));
    m.put("expansion", Pattern.compile("(?i)\\bexpan(?:ds?|ded|sion)\\b"));
    return m;
  }
}
