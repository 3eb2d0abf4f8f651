package io.rivalwatch.research.sources;

/**
 * Tells pages that cannot give text from the rest, before any parsing: an empty body, or bytes that are not text
 * (an image or archive served as text/html, or text decoded with the wrong character set beyond use). Everything
 * else, however malformed, is left to the HTML parser, which reads it as a browser would.
 */
final class PageChecks {

  /** How much of the start of a body is looked at. */
  static final int SAMPLE_CHARACTERS = 8_192;

  /** Above this share of control or replacement characters in the sample, a body is binary. */
  static final double MAX_NON_TEXT_SHARE = 0.10;

  private PageChecks() {}

  /** Why the body cannot be read as a page ("empty page", "binary content, not text"), or null when it can. */
  static String unreadable(String body) {
    if (body == null || body.isBlank()) {
      return "empty page";
    }
    int length = Math.min(body.length(), SAMPLE_CHARACTERS);
    int nonText = 0;
    for (int i = 0; i < length; i++) {
      char c = body.charAt(i);
      if (c == 0) {
        return "binary content, not text";
      }
      if (c == '\uFFFD' || Character.isISOControl(c) && !Character.isWhitespace(c)) {
        nonText++;
      }
    }
    return nonText > length * MAX_NON_TEXT_SHARE ? "binary content, not text" : null;
  }
}
