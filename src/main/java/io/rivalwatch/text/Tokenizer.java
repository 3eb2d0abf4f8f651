package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a sentence into lower-case tokens and remembers where each one came from, so a match can be quoted as
 * written. Words keep inner hyphens, apostrophes, dots and ampersands ("mid-market", "don't", "4.99", "at&t");
 * a possessive "'s" is dropped ("acme's" becomes "acme"). The clause marks , ; : ! ? ( ) are tokens too, so
 * that negation scope and key phrases stop at them.
 */
public final class Tokenizer {

  private static final Pattern TOKEN =
      Pattern.compile("#\\d+|[\\p{L}\\p{N}]+(?:['&.\\-][\\p{L}\\p{N}]+)*|[,;:!?()]");

  private Tokenizer() {}

  /** Tokens with the character range of each one in the text. */
  public record Tokens(List<String> words, int[] starts, int[] ends) {}

  public static Tokens tokenize(String text) {
    List<String> words = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String word = m.group().toLowerCase(Locale.ROOT);
      if (word.length() > 2 && word.endsWith("'s")) {
        word = word.substring(0, word.length() - 2);
      }
      words.add(word);
      ranges.add(new int[] {m.start(), m.end()});
    }
    int[] starts = new int[ranges.size()];
    int[] ends = new int[ranges.size()];
    for (int i = 0; i < ranges.size(); i++) {
      starts[i] = ranges.get(i)[0];
      ends[i] = ranges.get(i)[1];
    }
    return new Tokens(List.copyOf(words), starts, ends);
  }

  /** The lower-case tokens alone. */
  public static List<String> words(String text) {
    return tokenize(text).words();
  }

  public static boolean isClauseMark(String token) {
    return token.length() == 1 && ",;:!?()".indexOf(token.charAt(0)) >= 0;
  }

  /** A token with at least one letter (not a number, not a clause mark). */
  public static boolean isWord(String token) {
    for (int i = 0; i < token.length(); i++) {
      if (Character.isLetter(token.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
