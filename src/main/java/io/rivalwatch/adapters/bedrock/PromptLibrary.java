package io.rivalwatch.adapters.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts, one versioned resource per task: {@code prompts/<task>.v<n>.md} on the classpath. A new wording is
 * a new file (strategy.v2.md), chosen by {@code rivalwatch.bedrock.tasks.<task>.prompt}, so a result always says
 * which wording produced it and the old one stays comparable.
 *
 * <p>A file holds sections, each opened by a line {@code === name ===} ("system", "user", "repair"); text before
 * the first section is a comment for people. Sections contain {@code {{placeholders}}} that {@link Prompt#render}
 * fills in one pass, so placeholder-like text inside the filled-in values (documents!) is never expanded.
 */
public final class PromptLibrary {

  private static final Pattern ID = Pattern.compile("[a-z]+\\.v[0-9]+");
  private static final Pattern SECTION = Pattern.compile("(?m)^=== ([a-z]+) ===[ \\t]*$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

  private final Map<String, Prompt> loaded = new ConcurrentHashMap<>();

  /**
   * @throws IllegalStateException when no such prompt resource exists or it has no system and user section
   */
  public Prompt get(String id) {
    return loaded.computeIfAbsent(id, PromptLibrary::load);
  }

  private static Prompt load(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException("prompt id '" + id + "' must look like <task>.v<n>, for example strategy.v1");
    }
    String resource = "prompts/" + id + ".md";
    String text;
    try (InputStream in = PromptLibrary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("prompt resource " + resource + " not found on the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt resource " + resource, e);
    }
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher m = SECTION.matcher(text);
    String name = null;
    int start = 0;
    while (m.find()) {
      if (name != null) {
        sections.put(name, text.substring(start, m.start()).strip());
      }
      name = m.group(1);
      start = m.end();
    }
    if (name != null) {
      sections.put(name, text.substring(start).strip());
    }
    if (!sections.containsKey("system") || !sections.containsKey("user")) {
      throw new IllegalStateException("prompt resource " + resource + " needs '=== system ===' and '=== user ==='"
          + " sections, has " + sections.keySet());
    }
    return new Prompt(id, Map.copyOf(sections));
  }

  /** One loaded prompt. */
  public record Prompt(String id, Map<String, String> sections) {

    /** The first 12 hex digits of the SHA-256 of the sections: changes whenever the wording does. */
    public String digest() {
      try {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sections.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
          sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        });
        return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    /** The task part of the id: "strategy" for "strategy.v1". */
    public String task() {
      return id.substring(0, id.indexOf('.'));
    }

    /**
     * Fills a section's placeholders.
     *
     * @throws IllegalStateException when the section is missing or a placeholder has no value
     */
    public String render(String section, Map<String, String> values) {
      String template = sections.get(section);
      if (template == null) {
        throw new IllegalStateException("prompt " + id + " has no '" + section + "' section");
      }
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder out = new StringBuilder(template.length() + 1024);
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw new IllegalStateException("prompt " + id + " section '" + section + "' uses {{" + m.group(1)
              + "}}, which has no value");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }
  }
}
