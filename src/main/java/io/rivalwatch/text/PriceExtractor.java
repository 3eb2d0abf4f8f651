package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds price points in a sentence and writes them in one canonical form: "$49 per user/month", "€29 per month",
 * "free tier", "14-day free trial", "contact sales".
 *
 * <p>An amount counts as a price when a billing unit follows it ("/mo", "per seat", "a year", "billed annually")
 * or the sentence speaks about prices (price, pricing, plan, tier, costs, subscription, starts at, ...). Amounts
 * followed by million/billion/k or "per share" are money of another kind (funding, revenue, stock) and never count.
 */
public final class PriceExtractor {

  private static final String AMOUNT = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)";
  private static final Pattern CURRENCY_FIRST =
      Pattern.compile("(US\\$|\\$|€|£|\\b(?:USD|EUR|GBP) ?)" + AMOUNT + "(?![\\d,.]?\\d)");
  private static final Pattern CURRENCY_AFTER =
      Pattern.compile("(?<![\\d.,$€£])" + AMOUNT + " ?(€|£|\\b(?:USD|EUR|GBP|dollars|euros)\\b)");
  private static final Pattern SCALE = Pattern.compile(
      "(?i)\\G\\s*(?:million|billion|trillion|thousand|mn|bn|[mbk]\\b|per share|a share|/share)");
  private static final Pattern UNIT = Pattern.compile(
      "(?i)\\G\\s*(?:/|\\bper\\b|\\ba\\b|\\ban\\b|\\beach\\b)\\s*(user|seat|member|agent|editor|host|node|"
          + "licen[cs]e|device|endpoint|contact|employee|month|mo|mth|year|yr|annum|week|day|hour|hr)s?\\b\\.?");
  private static final Pattern PERIODIC = Pattern.compile(
      "(?i)\\G,?\\s*(?:\\(\\s*)?(?:billed\\s+|paid\\s+)?(monthly|annually|yearly)\\b\\)?");
  private static final Pattern PRICING_CONTEXT = Pattern.compile(
      "(?i)\\b(?:price[sd]?|pricing|plans?|tiers?|costs?|subscriptions?|licen[cs]es?|starts? at|starting at|"
          + "from only|billed|pay|only|just|edition|package|seat|monthly|annually|per)\\b");
  private static final Pattern FREE_TIER = Pattern.compile(
      "(?i)\\b(?:free (?:tier|plan|version|edition|forever|account|package)|forever free|free-forever|free-tier)\\b");
  private static final Pattern FREE_TRIAL = Pattern.compile(
      "(?i)\\b(?:(\\d{1,3})[- ]day )?free trial\\b|\\btry (?:it )?(?:for )?free\\b");
  private static final Pattern CONTACT_SALES = Pattern.compile(
      "(?i)\\b(?:contact (?:our )?sales|talk to (?:our )?sales|contact us for (?:a )?(?:pricing|quote)|"
          + "custom pricing|custom quote|request a quote|get a quote|pricing on request)\\b");

  /**
   * @param canonical the price point as printed, e.g. "$49 per user/month"
   * @param text the words it was found in, as written
   */
  public record PricePoint(String canonical, String text) {}

  private static final Set<String> TIME_UNITS = Set.of("month", "year", "week", "day", "hour");

  private PriceExtractor() {}

  public static List<PricePoint> find(String sentence) {
    List<PricePoint> found = new ArrayList<>();
    // every amount has a digit and every free tier or trial the word "free"; most sentences have neither and are
    // turned away with one pass over their characters instead of five searches
    if (hasDigit(sentence)) {
      boolean pricingContext = PRICING_CONTEXT.matcher(sentence).find();
      List<int[]> taken = new ArrayList<>();
      Matcher m = CURRENCY_FIRST.matcher(sentence);
      while (m.find()) {
        amount(sentence, m.group(1), m.group(2), m.start(), m.end(), pricingContext, found, taken);
      }
      m = CURRENCY_AFTER.matcher(sentence);
      while (m.find()) {
        boolean overlaps = false;
        for (int[] t : taken) {
          if (m.start() < t[1] && t[0] < m.end()) {
            overlaps = true;
          }
        }
        if (!overlaps) {
          amount(sentence, m.group(2), m.group(1), m.start(), m.end(), pricingContext, found, taken);
        }
      }
    }
    if (mentionsFree(sentence)) {
      Matcher m = FREE_TIER.matcher(sentence);
      if (m.find()) {
        found.add(new PricePoint("free tier", m.group()));
      }
      m = FREE_TRIAL.matcher(sentence);
      if (m.find()) {
        found.add(new PricePoint(m.group(1) == null ? "free trial" : m.group(1) + "-day free trial", m.group()));
      }
    }
    Matcher m = CONTACT_SALES.matcher(sentence);
    if (m.find()) {
      found.add(new PricePoint("contact sales", m.group()));
    }
    return found;
  }

  /** An ASCII digit, as {@code \d} in the amount patterns. */
  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** "free" in any case: a superset of where the free tier and trial patterns (ASCII case-insensitive) match. */
  private static boolean mentionsFree(String s) {
    for (int i = 0; i + 4 <= s.length(); i++) {
      char c = s.charAt(i);
      if ((c == 'f' || c == 'F') && s.regionMatches(true, i + 1, "ree", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  private static void amount(
      String sentence, String currency, String amount, int start, int end, boolean pricingContext,
      List<PricePoint> found, List<int[]> taken) {
    Matcher scale = SCALE.matcher(sentence);
    scale.region(end, sentence.length());
    if (scale.lookingAt()) {
      return;
    }
    List<String> who = new ArrayList<>();
    List<String> when = new ArrayList<>();
    int pos = end;
    Matcher unit = UNIT.matcher(sentence);
    while (who.size() + when.size() < 3) {
      unit.region(pos, sentence.length());
      if (!unit.lookingAt()) {
        break;
      }
      String u = canonicalUnit(unit.group(1));
      List<String> list = TIME_UNITS.contains(u) ? when : who;
      if (!list.contains(u)) {
        list.add(u);
      }
      pos = unit.end();
    }
    boolean billedAnnually = false;
    Matcher periodic = PERIODIC.matcher(sentence);
    periodic.region(pos, sentence.length());
    if (periodic.lookingAt()) {
      String u = canonicalUnit(periodic.group(1));
      if (when.isEmpty()) {
        when.add(u);
      } else if (u.equals("year") && when.contains("month")) {
        billedAnnually = true;
      }
      pos = periodic.end();
    }
    if (who.isEmpty() && when.isEmpty() && !pricingContext) {
      return;
    }
    List<String> units = new ArrayList<>(who);
    units.addAll(when);
    String canonical = canonicalCurrency(currency) + amount + (units.isEmpty() ? "" : " per " + String.join("/", units))
        + (billedAnnually ? " billed annually" : "");
    found.add(new PricePoint(canonical, sentence.substring(start, pos).strip()));
    taken.add(new int[] {start, pos});
  }

  private static String canonicalCurrency(String currency) {
    return switch (currency.strip().toUpperCase(Locale.ROOT)) {
      case "$", "US$", "USD", "DOLLARS" -> "$";
      case "€", "EUR", "EUROS" -> "€";
      case "£", "GBP" -> "£";
      default -> currency.strip();
    };
  }

  private static String canonicalUnit(String unit) {
    String u = unit.toLowerCase(Locale.ROOT);
    return switch (u) {
      case "mo", "mth", "month", "monthly" -> "month";
      case "yr", "year", "annum", "annually", "yearly" -> "year";
      case "hr", "hour" -> "hour";
      case "licence", "license" -> "license";
      default -> u;
    };
  }
}
