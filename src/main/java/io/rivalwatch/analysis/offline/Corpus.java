package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import io.rivalwatch.text.SentenceSplitter;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.research.SourceDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gathered documents of one competitor, cleaned and split into sentences. Documents without a URL are left
 * out (nothing drawn from them could be cited); a sentence already seen in an earlier document (menus, footers,
 * syndicated copies of one press release) is kept only once, so boilerplate cannot outvote real text. Work is
 * capped: at most {@value #MAX_DOCUMENTS} documents (in the order research delivered them) and
 * {@value TextCleaner#TEXT_LIMIT} characters of each are analysed. Sentences addressed to a language model (prompt
 * injections) are left out ({@link InjectedInstructions}).
 */
final class Corpus {

  static final int MIN_SENTENCES = 3;
  static final int MIN_CHARACTERS = 200;

  /** Fewer words than this is a fragment (a menu item, a button), not a sentence. */
  static final int MIN_WORDS = 3;

  static final int MAX_DOCUMENTS = 200;

  private final String competitorName;
  private final Set<String> nameTokens;
  private final int gathered;
  private final List<PreparedDocument> documents;
  private final List<Sentence> sentences;
  private final int characters;

  private Corpus(String competitorName, int gathered, List<PreparedDocument> documents) {
    this.competitorName = competitorName;
    this.nameTokens = nameTokens(competitorName);
    this.gathered = gathered;
    this.documents = List.copyOf(documents);
    List<Sentence> all = new ArrayList<>();
    int chars = 0;
    for (PreparedDocument d : documents) {
      all.addAll(d.sentences());
      chars += d.text().length();
    }
    this.sentences = List.copyOf(all);
    this.characters = chars;
  }

  static Corpus of(AnalysisInput input) {
    String name = displayName(input);
    List<PreparedDocument> prepared = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SourceDocument doc : input.documents()) {
      if (prepared.size() >= MAX_DOCUMENTS) {
        break;
      }
      if (doc == null || doc.url() == null || doc.url().isBlank()) {
        continue;
      }
      // text addressed to a language model is not evidence about the competitor (see InjectedInstructions)
      String title = InjectedInstructions.remove(TextCleaner.cleanTitle(doc.title()), " ");
      String text = InjectedInstructions.remove(TextCleaner.clean(doc.text()), "\n");
      if (title.isEmpty() && text.isEmpty()) {
        continue;
      }
      int index = prepared.size();
      List<Sentence> sentences = new ArrayList<>();
      if (!title.isEmpty()) {
        addSentence(index, 0, doc, title, true, seen, sentences);
      }
      int position = 1;
      for (String s : SentenceSplitter.split(text)) {
        addSentence(index, position++, doc, s, false, seen, sentences);
      }
      prepared.add(new PreparedDocument(index, doc, title, text, List.copyOf(sentences)));
    }
    return new Corpus(name, input.documents().size(), prepared);
  }

  private static void addSentence(
      int docIndex, int position, SourceDocument doc, String text, boolean title, Set<String> seen,
      List<Sentence> out) {
    Tokenizer.Tokens tokens = Tokenizer.tokenize(text);
    int words = 0;
    StringBuilder key = new StringBuilder();
    for (String t : tokens.words()) {
      if (!Tokenizer.isClauseMark(t)) {
        words++;
        key.append(t).append(' ');
      }
    }
    if (words < MIN_WORDS || !seen.add(key.toString())) {
      return;
    }
    out.add(new Sentence(
        docIndex, position, doc.url(), doc.kind(), text, tokens.words(), tokens.starts(), tokens.ends(), title));
  }

  static String displayName(AnalysisInput input) {
    if (input.competitorName() != null && !input.competitorName().isBlank()) {
      return input.competitorName().strip();
    }
    if (input.competitorId() != null && !input.competitorId().isBlank()) {
      return input.competitorId().strip();
    }
    return "the competitor";
  }

  private static Set<String> nameTokens(String name) {
    Set<String> tokens = new TreeSet<>();
    for (String t : Tokenizer.words(name.toLowerCase(Locale.ROOT))) {
      if (Tokenizer.isWord(t)) {
        tokens.add(t);
      }
    }
    return Set.copyOf(tokens);
  }

  /**
   * Throws when there is too little text for any analysis; the message says what was gathered and what is needed.
   */
  void requireEnoughText(String analysis) {
    String need = analysis + " needs at least " + MIN_SENTENCES + " sentences and " + MIN_CHARACTERS
        + " characters of text";
    if (gathered == 0) {
      throw new AnalysisNotPossibleException(
          "no documents were gathered for " + competitorName + ", so there is no text to analyse; " + need + ".");
    }
    if (documents.isEmpty()) {
      throw new AnalysisNotPossibleException(Texts.count(gathered, "document") + " gathered for " + competitorName
          + (gathered == 1 ? " has" : " have") + " no readable text with a URL to cite; " + need + ".");
    }
    if (sentences.size() < MIN_SENTENCES || characters < MIN_CHARACTERS) {
      String size = Texts.count(characters, "character") + ", " + Texts.count(sentences.size(), "sentence");
      String what = documents.size() == 1 && characters < MIN_CHARACTERS
          ? "only 1 short document (" + size + ") was gathered for " + competitorName
          : documents.size() == 1
              ? "only 1 document was gathered for " + competitorName + " and it yields only " + size
              : "the " + documents.size() + " documents gathered for " + competitorName + " hold only "
              + Texts.count(characters, "character") + " (" + Texts.count(sentences.size(), "sentence")
              + ") of text";
      throw new AnalysisNotPossibleException(what + "; " + need + ".");
    }
  }

  String competitorName() {
    return competitorName;
  }

  /** Lower-case words of the competitor's name, left out of key phrases. */
  Set<String> nameTokens() {
    return nameTokens;
  }

  List<PreparedDocument> documents() {
    return documents;
  }

  PreparedDocument document(int index) {
    return documents.get(index);
  }

  List<Sentence> sentences() {
    return sentences;
  }

  int characters() {
    return characters;
  }

  /** URLs of the given documents in document order, distinct, at most {@code limit}. */
  List<String> urlsOf(Collection<Integer> docIndexes, int limit) {
    List<String> urls = new ArrayList<>();
    for (Integer i : new TreeSet<>(docIndexes)) {
      urls.add(documents.get(i).url());
    }
    return Texts.urls(urls, limit);
  }
}
