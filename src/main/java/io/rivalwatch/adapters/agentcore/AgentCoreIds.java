package io.rivalwatch.adapters.agentcore;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How rivalwatch's names become AgentCore identifiers, and the service's own rules for them.
 *
 * <ul>
 *   <li>actor id = the entry's namespace ({@code competitors/acme}, {@code runs}), unchanged: the memory's
 *       strategies file records under {@code {actorId}}, so a search in the namespace finds them;</li>
 *   <li>session id = {@code runId-phase} with every character outside {@code [A-Za-z0-9_-]} replaced by '_',
 *       at most 100 characters (longer ones keep a prefix and a hash);</li>
 *   <li>client token = a name-based UUID of memory id and entry id, so a retried job sends the same token and
 *       the service writes no second event.</li>
 * </ul>
 */
final class AgentCoreIds {

  /** The service's pattern for actor and session ids (one or more ':'-separated parts of letters, digits, -_/). */
  static final Pattern ACTOR_OR_SESSION_ID =
      Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*");

  static final int MAX_ACTOR_ID = 255;
  static final int MAX_SESSION_ID = 100;

  /** A memory id as the service issues it: the memory's name, '-', ten letters or digits (or its ARN). */
  static final Pattern MEMORY_ID = Pattern.compile(
      "(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/)?"
          + "[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}");

  /** A memory's (and a strategy's) name. */
  static final Pattern MEMORY_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  private static final Pattern NOT_SESSION_CHARACTER = Pattern.compile("[^A-Za-z0-9_-]");

  private AgentCoreIds() {}

  /** True if the service accepts this as an actor id (and so as a namespace the strategies write to). */
  static boolean isValidActorId(String namespace) {
    return namespace != null
        && namespace.length() <= MAX_ACTOR_ID
        && ACTOR_OR_SESSION_ID.matcher(namespace).matches();
  }

  /** The session of an entry: its run and phase, made acceptable to the service. */
  static String sessionId(String runId, String phase) {
    String raw = phase == null || phase.isBlank() ? runId : runId + "-" + phase;
    String cleaned = NOT_SESSION_CHARACTER.matcher(raw).replaceAll("_");
    if (!Character.isLetterOrDigit(cleaned.charAt(0))) {
      cleaned = "s" + cleaned;
    }
    if (cleaned.length() > MAX_SESSION_ID) {
      String hash = HexFormat.of().formatHex(sha256(raw), 0, 6);
      cleaned = cleaned.substring(0, MAX_SESSION_ID - hash.length() - 1) + "-" + hash;
    }
    return cleaned;
  }

  /**
   * Whether a session id, as {@link #sessionId} makes them, is one of this run's: it is the run's cleaned id, or
   * that plus '-' and a phase without '-' (phases are single words). Shortened (hashed) ids are never claimed.
   */
  static boolean sessionBelongsToRun(String sessionId, String runId) {
    String run = sessionId(runId, null);
    if (sessionId.equals(run)) {
      return true;
    }
    if (!sessionId.startsWith(run + "-")) {
      return false;
    }
    String phase = sessionId.substring(run.length() + 1);
    return !phase.isEmpty() && phase.indexOf('-') < 0 && sessionId.length() < MAX_SESSION_ID;
  }

  /** The same token for the same entry in the same memory, whoever sends it and how often. */
  static String eventClientToken(String memoryId, String entryId) {
    return UUID.nameUUIDFromBytes(("rivalwatch:agentcore:event:" + memoryId + ":" + entryId)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The same token for the same memory name, so two instances starting at once create one memory. */
  static String createMemoryClientToken(String name) {
    return UUID.nameUUIDFromBytes(("rivalwatch:agentcore:memory:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The memory id without an ARN prefix. */
  static String bareMemoryId(String memoryId) {
    int slash = memoryId.lastIndexOf('/');
    return memoryId.startsWith("arn:") && slash >= 0 ? memoryId.substring(slash + 1) : memoryId;
  }

  /** Whether the service could have issued this memory id for a memory of this name ({@code name-XXXXXXXXXX}). */
  static boolean couldBeIdOfName(String memoryId, String name) {
    String bare = bareMemoryId(memoryId);
    return bare.length() == name.length() + 11
        && bare.startsWith(name + "-")
        && bare.substring(name.length() + 1).chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
  }

  private static byte[] sha256(String value) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
