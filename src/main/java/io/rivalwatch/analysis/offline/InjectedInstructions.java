package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.SentenceSplitter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sentences of gathered text that address a language model ("Ignore all previous instructions...", "SYSTEM: ...",
 * "You are now...", an imitation of the prompt's data delimiters). The offline analyser obeys nothing it reads, but
 * left in, such a sentence could be quoted in the report as a finding (the most positive statement, a tagline, a
 * recurring theme), so it is left out of the analysis. The stored document keeps it: it is data, and a model that
 * reads the document sees it inside the prompt's untrusted-data delimiters.
 */
final class InjectedInstructions {

  /** Each alternative on its own, as written; {@link #ADDRESSED_TO_A_MODEL} is them together, made faster. */
  static final List<String> ALTERNATIVES = List.of(
      // "ignore all previous instructions", "disregard your rules", "forget the documents above"
      "\\b(ignore|disregard|forget|override|bypass)\\b[^.!?]{0,60}?\\b(instructions?|prompts?|rules|guidelines"
          + "|directions|directives|context|documents?|messages?)\\b",
      "\\b(system|developer)\\s+(prompt|message|mode|instructions?)\\b",
      // a role label opening the sentence, as in a chat transcript
      "^\\W*(system|assistant|developer|user|human)\\s*:",
      "\\byou\\s+are\\s+now\\b",
      "\\b(as an?|you are an?)\\s+(ai|artificial intelligence|large language model|language model|llm|chatbot)\\b",
      // "AI agents reading this page", "Notice to AI systems"
      "\\b(ai|llms?|language models?|chatbots?)\\s+(assistants?|agents?|systems?|models?|crawlers?|bots?)?\\s*"
          + "(reading|processing|parsing|summari[sz]ing|analy[sz]ing)\\b",
      "\\b(notice|note|message|attention|warning)\\s+(to|for)\\s+(all\\s+)?(ai|llms?|language models?|chatbots?"
          + "|assistants?)\\b",
      "\\b(rate|score)\\b[^.!?]{0,40}\\b(sentiment|tone)\\b",
      // the prompt's own delimiters, imitated to break out of a data block
      "</?\\s*(untrusted_document|earlier_context|analyses)\\w*\\s*>");

  /**
   * The alternatives. Apart from the role label (only at the very start), every one begins with a letter of
   * {@code idfobsyalcnmwr} or with {@code <}; the lookahead turns away every other position with one character
   * test instead of trying nine alternatives there, which made this search most of the offline analyser's time.
   * It finds a match exactly where the alternatives joined plainly do (InjectedInstructionsTest compares them).
   */
  private static final Pattern ADDRESSED_TO_A_MODEL = Pattern.compile(ALTERNATIVES.get(2) + "|(?=[idfobsyalcnmwr<])(?:"
      + String.join("|", ALTERNATIVES.subList(0, 2)) + "|" + String.join("|", ALTERNATIVES.subList(3,
      ALTERNATIVES.size())) + ")", Pattern.CASE_INSENSITIVE);

  private InjectedInstructions() {}

  /** True when the sentence talks to a language model rather than about the competitor. */
  static boolean isInstruction(String sentence) {
    return sentence != null && ADDRESSED_TO_A_MODEL.matcher(sentence).find();
  }

  /**
   * The text without its sentences addressed to a language model, the others each on a line of their own (joined
   * with {@code separator}); the text itself when it has none.
   */
  static String remove(String text, String separator) {
    if (text == null || text.isEmpty() || !ADDRESSED_TO_A_MODEL.matcher(text).find()) {
      return text;
    }
    List<String> kept = SentenceSplitter.split(text).stream().filter(s -> !isInstruction(s)).toList();
    return String.join(separator, kept);
  }
}
