package io.rivalwatch.text;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The price points and launched product names a text mentions, found the way the offline analyser finds them
 * (price points as "$49 per user/month", names after launch phrases such as "launches Acme Pulse"). Deterministic
 * and model-free, so "what changed since the last run" can compare two runs' documents whichever analyser made the
 * analyses.
 */
public final class Mentions {

  private Mentions() {}

  /** Canonical price points, in order of first mention. */
  public static Set<String> prices(String text) {
    Set<String> prices = new LinkedHashSet<>();
    for (String sentence : SentenceSplitter.split(text)) {
      PriceExtractor.find(sentence).forEach(p -> prices.add(p.canonical()));
    }
    return prices;
  }

  /** Names that follow a launch phrase, the competitor's own name left out, in order of first mention. */
  public static Set<String> products(String text, String competitorName) {
    Set<String> own = new TreeSet<>();
    for (String t : Tokenizer.words(competitorName == null ? "" : competitorName.toLowerCase(Locale.ROOT))) {
      if (Tokenizer.isWord(t)) {
        own.add(t);
      }
    }
    Set<String> products = new LinkedHashSet<>();
    for (String sentence : SentenceSplitter.split(text)) {
      products.addAll(NameExtractor.namesAfter(NameExtractor.LAUNCH_TRIGGER, sentence, own));
    }
    return products;
  }
}
