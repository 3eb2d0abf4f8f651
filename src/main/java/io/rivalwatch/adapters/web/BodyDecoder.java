package io.rivalwatch.adapters.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a response body into text, whatever its labels say, and tells binary content from text.
 *
 * <p>The character set: a byte-order mark wins. Else bytes that are valid UTF-8 and not plain ASCII are UTF-8: a
 * wrong label is far more likely than Latin-1 text that happens to form valid UTF-8. Else the first character set
 * the Content-Type header, the XML declaration or the HTML meta tag names (other than UTF-8, which the bytes just
 * ruled out); else Windows-1252, the usual encoding of mislabelled Western pages. ISO-8859-1 and US-ASCII labels are
 * read as Windows-1252, as browsers do (pages labelled so often hold its curly quotes).
 */
final class BodyDecoder {

  private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9._:+-]+)");
  private static final Pattern XML_DECLARATION_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:+-]+)[\"']");
  private static final Pattern META_CHARSET =
      Pattern.compile("(?i)<meta\\b[^>]*?charset\\s*=\\s*[\"']?([A-Za-z0-9._:+-]+)");
  /** How much of the start of a body is searched for declarations and binary bytes. */
  private static final int SNIFF_BYTES = 4096;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private BodyDecoder() {}

  /** The body as text (see the class comment for how the character set is chosen). */
  static String decode(byte[] bytes, String contentTypeHeader) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    }
    Charset header = headerCharset(contentTypeHeader);
    if (isUtf16(header)) {
      return new String(bytes, header);
    }
    boolean ascii = isAscii(bytes);
    if (ascii || isUtf8(bytes)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    String head = new String(bytes, 0, Math.min(bytes.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
    for (Charset declared : new Charset[] {
        header, charsetNamed(group(XML_DECLARATION_ENCODING, head)), charsetNamed(group(META_CHARSET, head))}) {
      if (declared != null && !declared.equals(StandardCharsets.UTF_8)) {
        return new String(bytes, declared);
      }
    }
    return new String(bytes, WINDOWS_1252);
  }

  /**
   * True for content that is not text whatever its label: a PDF, or NUL bytes near the start (images, archives,
   * executables) in a body that declares no UTF-16 (where NUL bytes are normal).
   */
  static boolean looksBinary(byte[] bytes, String contentTypeHeader) {
    if (startsWith(bytes, '%', 'P', 'D', 'F', '-')) {
      return true;
    }
    if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE) || isUtf16(headerCharset(contentTypeHeader))) {
      return false;
    }
    for (int i = 0; i < Math.min(bytes.length, SNIFF_BYTES); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static Charset headerCharset(String contentTypeHeader) {
    return contentTypeHeader == null ? null : charsetNamed(group(CHARSET_PARAM, contentTypeHeader));
  }

  private static boolean isUtf16(Charset charset) {
    return charset != null && charset.name().toUpperCase(Locale.ROOT).startsWith("UTF-16");
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The named character set, read as browsers do; null when unknown. */
  private static Charset charsetNamed(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      if (!Charset.isSupported(name)) {
        return null;
      }
      Charset charset = Charset.forName(name);
      if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
        return WINDOWS_1252;
      }
      return charset;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
