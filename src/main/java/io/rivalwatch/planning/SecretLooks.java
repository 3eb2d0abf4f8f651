package io.rivalwatch.planning;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises secrets by name and by value, so that a watch list cannot copy one into the run's artefacts whatever the
 * spelling of the property it reads: names are compared with case, '-', '_' and '.' removed
 * ({@code AWS_ACCESS_KEY_ID}, {@code aws.accessKeyId} and {@code aws-access-key-id} are one name), and values are
 * checked for the shapes of common credentials.
 */
final class SecretLooks {

  private static final Pattern SECRET_NAME = Pattern.compile(
      ".*(token|secret|password|passwd|pwd|credential|apikey|accesskey|privatekey|secretkey|webhook|auth|cookie"
          + "|session|signingkey|clientkey).*");
  private static final Pattern SECRET_VALUE = Pattern.compile(
      // AWS access key ids
      "\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\\b"
          // PEM blocks (private keys, certificates)
          + "|-----BEGIN [A-Z0-9 ]+-----"
          // Slack tokens and webhooks
          + "|\\bxox[abposr]-[0-9A-Za-z-]{10,}|hooks\\.slack\\.com/services/"
          // GitHub tokens
          + "|\\bgh[pousr]_[A-Za-z0-9]{30,}|\\bgithub_pat_[A-Za-z0-9_]{20,}"
          // JSON web tokens
          + "|\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\."
          // credentials in a URL (user:password@host)
          + "|://[^/\\s:@]+:[^/\\s@]+@");
  /** Runs of token characters long enough to be a key; judged by their entropy. */
  private static final Pattern LONG_TOKEN = Pattern.compile("[A-Za-z0-9+/=_-]{32,}");
  private static final double HIGH_ENTROPY_BITS_PER_CHAR = 4.0;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  private SecretLooks() {}

  /** A property name with case, '-', '_' and '.' removed. */
  static String normalised(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.\\s\\[\\]]", "");
  }

  static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(normalised(name)).matches();
  }

  /** What kind of secret {@code value} looks like, or null when it looks like none. */
  static String secretKind(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (SECRET_VALUE.matcher(value).find()) {
      return "a credential (an access key id, key block, token or password in a URL)";
    }
    Matcher token = LONG_TOKEN.matcher(value);
    while (token.find()) {
      String run = token.group();
      if (run.chars().anyMatch(Character::isDigit) && run.chars().anyMatch(Character::isLetter)
          && (entropy(run) >= HIGH_ENTROPY_BITS_PER_CHAR || HEX.matcher(run).matches())) {
        return "a long random string (" + run.length() + " characters of high entropy), as keys are";
      }
    }
    return null;
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String text) {
    int[] counts = new int[128];
    int other = 0;
    for (char c : text.toCharArray()) {
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / text.length();
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = (double) other / text.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }
}
