package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import io.rivalwatch.text.PriceExtractor;
import io.rivalwatch.text.NameExtractor;
import io.rivalwatch.text.Spaces;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects strategic patterns sentence by sentence from cue terms in context ({@code analysis/strategy-cues.tsv}):
 * a cue term marks the sentence; a weak term marks it only with a context term of the same pattern within
 * {@value #CONTEXT_WINDOW} tokens; a term with a negation up to three tokens before it ("has no plans to expand")
 * does not count. Each pattern also collects details from the text: names after trigger phrases (partners,
 * products, places, customers, acquired companies), money amounts and funding rounds, headcounts, and price
 * points.
 */
final class StrategySignals {

  static final int CONTEXT_WINDOW = 8;
  static final int NEGATION_WINDOW = 3;

  private enum Role { CUE, WEAK, CONTEXT }

  private record Cue(StrategyPattern pattern, Role role) {}

  /** One sentence's support for one pattern: the cue terms as written. */
  record Hit(Sentence sentence, List<String> cues) {}

  private static final String TRIGGER_PREFIX = "(?i:";

  static final Pattern LAUNCH_TRIGGER = NameExtractor.LAUNCH_TRIGGER;
  private static final Pattern PARTNER_TRIGGER = Pattern.compile(TRIGGER_PREFIX
      + "\\b(?:partner(?:ship|ships|ed|s|ing)?\\s+with|integrat(?:es|ed|ion|ions)\\s+(?:with|for)|teamed up with"
      + "|teams up with|alliance with|collaborat(?:es|ed|ion|ing) with|joins forces with|joint venture with)"
      + "\\s+(?:the\\s+)?)");
  private static final Pattern EXPANSION_TRIGGER = Pattern.compile(TRIGGER_PREFIX
      + "\\b(?:expan(?:ds|ded|ding|sion)\\s+(?:\\p{L}+\\s+){0,3}?(?:into|to|in|across)"
      + "|(?:opens|opened|opening|launch(?:es|ed)?|new)\\s+(?:\\p{L}+\\s+){0,3}?(?:office|offices|headquarters|hub"
      + "|data cent(?:er|re)s?|region)\\s+in|enter(?:s|ed|ing)?|now available in|launch(?:es|ed) in"
      + "|presence in)\\s+(?:the\\s+)?)");
  private static final Pattern CUSTOMER_TRIGGER = Pattern.compile(TRIGGER_PREFIX
      + "\\b(?:selected by|chosen by|adopted by|deployed (?:at|by)|trusted by|customers? (?:such as|including|include"
      + "|like)|clients? (?:such as|including|include)|contract with|agreement with|deal with|signed with"
      + "|went live at|goes live at)\\s+(?:the\\s+)?)");
  private static final Pattern ACQUISITION_TRIGGER = Pattern.compile(TRIGGER_PREFIX
      + "\\b(?:acquir(?:es|ed|ing)|to acquire|acquisition of|merger with|merges with)\\s+(?:the\\s+)?)");
  private static final Pattern MONEY = Pattern.compile(
      "(?:US\\$|\\$|€|£)\\s?\\d+(?:[.,]\\d+)?\\s?(?i:million|billion|bn|mn|m|b)\\b");
  private static final Pattern ROUND = Pattern.compile("(?i)\\b(series [a-h]|seed)(?: (?:funding )?round)?\\b");
  private static final Pattern GROWTH = Pattern.compile(
      "(?i)\\b(?:revenue|revenues|sales|arr)\\b[^.;:]{0,40}?\\d+(?:\\.\\d+)?\\s?(?:%|percent)");
  private static final Pattern HEADCOUNT = Pattern.compile(
      "(?i)\\b\\d[\\d,]*\\+?\\s+(?:new\\s+)?(?:employees|engineers|jobs|roles|positions|people|staff|hires"
          + "|developers|workers|salespeople)\\b");
  private static final Pattern WORKFORCE_SHARE = Pattern.compile(
      "(?i)\\b\\d+(?:\\.\\d+)?\\s?(?:%|percent) of (?:its |the )?(?:workforce|staff|employees)\\b");
  private static final Pattern ROLE = Pattern.compile(
      "(?i)\\b(?:new |as (?:its |the )?(?:new )?)(chief [a-z]+ officer|ceo|cto|cfo|coo|cmo|cro|cpo|president"
          + "|head of [a-z]+)\\b");

  private final PhraseMatcher<Cue> matcher = new PhraseMatcher<>();
  private final Set<String> negations;

  private StrategySignals(Set<String> negations) {
    this.negations = negations;
  }

  static StrategySignals load() {
    StrategySignals signals = new StrategySignals(
        Set.of("not", "no", "never", "without", "cannot", "nor", "neither"));
    for (String[] row : ResourceTable.rows("strategy-cues.tsv", 3)) {
      Role role = Role.valueOf(row[1].toUpperCase(Locale.ROOT));
      signals.matcher.add(row[2], new Cue(StrategyPattern.byId(row[0]), role));
    }
    return signals;
  }

  /** The sentences supporting each detected pattern, in pattern order then sentence order. */
  Map<StrategyPattern, List<Hit>> detect(List<Sentence> sentences) {
    Map<StrategyPattern, List<Hit>> hits = new EnumMap<>(StrategyPattern.class);
    for (Sentence s : sentences) {
      List<PhraseMatcher.Match<Cue>> matches = matcher.findAll(s.tokens());
      List<PhraseMatcher.Match<Cue>> valid = new ArrayList<>();
      for (PhraseMatcher.Match<Cue> m : matches) {
        Cue cue = m.value();
        if (cue.role() == Role.CONTEXT || negated(s.tokens(), m.start())) {
          continue;
        }
        if (cue.role() == Role.WEAK && !hasContext(matches, m)) {
          continue;
        }
        valid.add(m);
      }
      Map<StrategyPattern, List<String>> cues = new EnumMap<>(StrategyPattern.class);
      for (PhraseMatcher.Match<Cue> m : valid) {
        if (insideLonger(valid, m)) {
          continue;
        }
        Cue cue = m.value();
        List<String> list = cues.computeIfAbsent(cue.pattern(), k -> new ArrayList<>());
        String surface = s.span(m.start(), m.end());
        boolean inside = false;
        for (String existing : list) {
          if (existing.equalsIgnoreCase(surface)) {
            inside = true;
          }
        }
        if (!inside) {
          list.add(surface);
        }
      }
      cues.forEach((pattern, list) ->
          hits.computeIfAbsent(pattern, k -> new ArrayList<>()).add(new Hit(s, List.copyOf(list))));
    }
    return hits;
  }

  /** Part of a longer cue of the same pattern ("hiring" inside "is hiring"): only the longer one is reported. */
  private static boolean insideLonger(List<PhraseMatcher.Match<Cue>> valid, PhraseMatcher.Match<Cue> m) {
    for (PhraseMatcher.Match<Cue> other : valid) {
      if (other != m && other.value().pattern() == m.value().pattern() && other.length() > m.length()
          && other.start() <= m.start() && m.end() <= other.end()) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasContext(List<PhraseMatcher.Match<Cue>> matches, PhraseMatcher.Match<Cue> weak) {
    for (PhraseMatcher.Match<Cue> m : matches) {
      if (m.value().pattern() == weak.value().pattern() && m.value().role() != Role.WEAK && !m.overlaps(weak)
          && Math.abs(m.start() - weak.start()) <= CONTEXT_WINDOW) {
        return true;
      }
    }
    return false;
  }

  private boolean negated(List<String> tokens, int at) {
    for (int j = at - 1; j >= 0 && j >= at - NEGATION_WINDOW; j--) {
      String t = tokens.get(j);
      if (Tokenizer.isClauseMark(t)) {
        return false;
      }
      if (negations.contains(t) || t.endsWith("n't")) {
        return !(t.equals("not") && j + 1 < tokens.size() && tokens.get(j + 1).equals("only"));
      }
    }
    return false;
  }

  /** Concrete details of a pattern in one sentence, as written (names, amounts, price points). */
  static List<String> details(StrategyPattern pattern, Sentence sentence, Set<String> ownNameTokens) {
    String text = sentence.text();
    List<String> out = new ArrayList<>();
    switch (pattern) {
      case PRODUCT_LAUNCH -> out.addAll(NameExtractor.namesAfter(LAUNCH_TRIGGER, text, ownNameTokens));
      case PARTNERSHIP -> out.addAll(NameExtractor.namesAfter(PARTNER_TRIGGER, text, ownNameTokens));
      case EXPANSION -> out.addAll(NameExtractor.namesAfter(EXPANSION_TRIGGER, text, ownNameTokens));
      case CUSTOMER_WINS -> out.addAll(NameExtractor.namesAfter(CUSTOMER_TRIGGER, text, ownNameTokens));
      case PRICING_CHANGE -> {
        for (PriceExtractor.PricePoint p : PriceExtractor.find(text)) {
          out.add(p.canonical());
        }
      }
      case FUNDING_FINANCE -> {
        addAll(MONEY, text, out);
        Matcher r = ROUND.matcher(text);
        while (r.find()) {
          String round = r.group(1).toLowerCase(Locale.ROOT);
          out.add(round.startsWith("series")
              ? "Series " + round.substring(round.length() - 1).toUpperCase(Locale.ROOT) + " round"
              : "seed round");
        }
        addAll(GROWTH, text, out);
        for (String n : NameExtractor.namesAfter(ACQUISITION_TRIGGER, text, ownNameTokens)) {
          out.add("acquisition: " + n);
        }
      }
      case HIRING -> {
        addAll(HEADCOUNT, text, out);
        addAll(WORKFORCE_SHARE, text, out);
        Matcher r = ROLE.matcher(text);
        while (r.find()) {
          String role = r.group(1);
          out.add("new " + (role.length() <= 3 ? role.toUpperCase(Locale.ROOT) : role.toLowerCase(Locale.ROOT)));
        }
      }
      case AI_TECHNOLOGY -> { }
    }
    Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    List<String> distinct = new ArrayList<>();
    for (String d : out) {
      String s = Spaces.collapse(d).strip();
      if (!s.isEmpty() && seen.add(s)) {
        distinct.add(s);
      }
    }
    return distinct;
  }

  private static void addAll(Pattern p, String text, List<String> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
  }

  /** How often each detail occurs across the hits, most frequent first, then first seen. */
  static List<String> topDetails(StrategyPattern pattern, List<Hit> hits, Set<String> ownNameTokens, int limit) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, String> display = new LinkedHashMap<>();
    for (Hit h : hits) {
      for (String d : details(pattern, h.sentence(), ownNameTokens)) {
        String key = d.toLowerCase(Locale.ROOT);
        counts.merge(key, 1, Integer::sum);
        display.putIfAbsent(key, d);
      }
    }
    List<String> keys = new ArrayList<>(counts.keySet());
    List<String> order = new ArrayList<>(keys);
    order.sort((a, b) -> {
      int c = Integer.compare(counts.get(b), counts.get(a));
      return c != 0 ? c : Integer.compare(keys.indexOf(a), keys.indexOf(b));
    });
    List<String> out = new ArrayList<>();
    for (String k : order.subList(0, Math.min(limit, order.size()))) {
      out.add(display.get(k));
    }
    return out;
  }
}
