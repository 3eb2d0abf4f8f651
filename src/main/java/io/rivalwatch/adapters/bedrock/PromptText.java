package io.rivalwatch.adapters.bedrock;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Helpers for putting untrusted text into prompts. Documents go inside elements whose name ends in a random code
 * made per request ({@link #nonce()}): a page cannot close an element whose name it cannot know, so it cannot
 * place text outside its data block. Attribute values (titles, URLs) are escaped so they cannot end their element.
 */
final class PromptText {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PromptText() {}

  /** 12 hex digits, new for every request. */
  static String nonce() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A nonce that occurs in none of the texts going into the prompt: a page cannot guess the code of a request, and
   * this makes sure that it cannot hold it by chance either, so no text can close its element.
   */
  static String nonceNotIn(Collection<String> texts) {
    return nonceNotIn(texts, PromptText::nonce);
  }

  static String nonceNotIn(Collection<String> texts, Supplier<String> nonces) {
    for (int attempt = 0; attempt < 100; attempt++) {
      String nonce = nonces.get();
      if (texts.stream().noneMatch(text -> text != null && text.contains(nonce))) {
        return nonce;
      }
    }
    throw new IllegalStateException("no nonce absent from the prompt's texts after 100 attempts");
  }

  /** A value for a double-quoted attribute: no quote, angle bracket or line break survives. */
  static String attribute(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\n', '\r', '\t' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A URL as written into a url or sources attribute. Characters that may not appear in a URL anyway (quotes,
   * angle brackets, spaces, controls) are percent-encoded, everything else stays as gathered, so the model can
   * copy the attribute verbatim and {@code &} in query strings is not turned into an entity it might copy.
   */
  static String url(String url) {
    StringBuilder out = new StringBuilder(url.length());
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '"' || c == '<' || c == '>' || c == ' ' || c == '`' || c < 0x20 || c == 0x7f) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Cuts text to at most {@code max} characters, at a word boundary when one is near. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    for (int i = max; i > Math.max(0, max - 200); i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        end = i;
        break;
      }
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).stripTrailing();
  }
}
