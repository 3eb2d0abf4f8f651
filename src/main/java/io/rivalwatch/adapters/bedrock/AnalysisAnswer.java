package io.rivalwatch.adapters.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.Finding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's analysis answer and checks it strictly against what the prompt asked for: one JSON object (a
 * Markdown code fence around it is tolerated), a summary, at least one finding, every finding with a category, a
 * statement and sources that are URLs of documents in the prompt, scores in range, and the metrics the report
 * reads for this analysis. Errors are phrased so they can be sent back to the model.
 */
final class AnalysisAnswer {

  static final int MAX_FINDINGS = 25;
  static final int MAX_ERRORS = 20;
  private static final Pattern FENCE = Pattern.compile("(?s)^```[A-Za-z]*[ \\t]*\\n(.*?)\\n?```$");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final TypeReference<LinkedHashMap<String, Object>> LINKED_MAP = new TypeReference<>() {};

  private AnalysisAnswer() {}

  /** The outcome of checking one answer. */
  sealed interface Checked permits Valid, Invalid, NotPossible {}

  record Valid(String summary, List<Finding> findings, Map<String, Object> metrics) implements Checked {}

  record Invalid(List<String> errors) implements Checked {}

  /** The model said the documents cannot support the analysis, and why. */
  record NotPossible(String reason) implements Checked {}

  /**
   * @param citable the URL as written in the prompt to the document's own URL; nothing else may be cited
   */
  static Checked check(AnalysisKind kind, ModelReply reply, Map<String, String> citable) {
    List<String> errors = new ArrayList<>();
    String text = unfenced(reply.text());
    if (text.isEmpty()) {
      errors.add("the answer was empty: answer with the JSON object described in the system prompt");
      return invalid(errors, reply);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      errors.add("the answer is not one valid JSON object (" + e.getOriginalMessage() + where + "): answer with"
          + " the JSON object only, no text before or after it");
      return invalid(errors, reply);
    }
    if (root == null || !root.isObject()) {
      errors.add("the answer must be a JSON object with summary, findings and metrics");
      return invalid(errors, reply);
    }
    JsonNode notPossible = root.get("notPossible");
    JsonNode findingsNode = root.get("findings");
    if (notPossible != null && notPossible.isTextual() && !notPossible.asText().isBlank()
        && (findingsNode == null || findingsNode.isEmpty())) {
      return new NotPossible(notPossible.asText().strip());
    }

    String summary = requiredText(root, "summary", "", errors);
    List<Finding> findings = findings(kind, findingsNode, citable, errors);
    Map<String, Object> metrics = metrics(kind, root.get("metrics"), errors);
    if (!errors.isEmpty()) {
      return invalid(errors, reply);
    }
    return new Valid(summary, findings, metrics);
  }

  private static Invalid invalid(List<String> errors, ModelReply reply) {
    List<String> listed = new ArrayList<>(errors.subList(0, Math.min(errors.size(), MAX_ERRORS)));
    if (errors.size() > MAX_ERRORS) {
      listed.add("and " + (errors.size() - MAX_ERRORS) + " more problems of the same kinds");
    }
    if (reply.cutOff()) {
      listed.add("the answer was cut off at the output token limit: give fewer findings and shorter evidence so the"
          + " whole JSON object fits");
    }
    return new Invalid(List.copyOf(listed));
  }

  /** The answer without surrounding space and without a ``` or ```json fence around it. */
  static String unfenced(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = FENCE.matcher(t);
    return m.matches() ? m.group(1).strip() : t;
  }

  private static List<Finding> findings(
      AnalysisKind kind, JsonNode node, Map<String, String> citable, List<String> errors) {
    List<Finding> findings = new ArrayList<>();
    if (node == null || !node.isArray()) {
      errors.add("findings is missing or not an array");
      return findings;
    }
    if (node.isEmpty()) {
      errors.add("findings is empty: give at least one finding that rests on the documents (or, if nothing in"
          + " them supports this analysis, answer {\"notPossible\": \"<why>\"} instead)");
      return findings;
    }
    if (node.size() > MAX_FINDINGS) {
      errors.add("findings has " + node.size() + " entries, at most " + MAX_FINDINGS + " are allowed: keep the"
          + " strongest");
    }
    for (int i = 0; i < node.size(); i++) {
      String at = "findings[" + i + "]";
      JsonNode f = node.get(i);
      if (!f.isObject()) {
        errors.add(at + " is not an object");
        continue;
      }
      int before = errors.size();
      String category = requiredText(f, "category", at + ".", errors);
      String statement = requiredText(f, "statement", at + ".", errors);
      String evidence = "";
      JsonNode e = f.get("evidence");
      if (e != null && !e.isNull()) {
        if (e.isTextual()) {
          evidence = e.asText().strip();
        } else {
          errors.add(at + ".evidence must be a string (a short quote from a cited document)");
        }
      }
      List<String> urls = sourceUrls(f.get("sourceUrls"), at, citable, errors);
      Double score = score(kind, f.get("score"), at, errors);
      if (errors.size() == before) {
        findings.add(new Finding(category, statement, evidence, urls, score));
      }
    }
    return findings;
  }

  private static List<String> sourceUrls(
      JsonNode node, String at, Map<String, String> citable, List<String> errors) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      errors.add(at + ".sourceUrls must be a non-empty array of document URLs");
      return List.of();
    }
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    for (int j = 0; j < node.size(); j++) {
      JsonNode u = node.get(j);
      if (!u.isTextual()) {
        errors.add(at + ".sourceUrls[" + j + "] is not a string");
        continue;
      }
      String cited = u.asText().strip();
      String original = citable.get(cited);
      if (original == null) {
        errors.add(at + ".sourceUrls[" + j + "] \"" + abbreviated(cited) + "\" is not the url attribute of any"
            + " document in the request: cite only those, copied exactly");
      } else {
        urls.add(original);
      }
    }
    return List.copyOf(urls);
  }

  private static Double score(AnalysisKind kind, JsonNode node, String at, List<String> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      errors.add(at + ".score must be a number or null");
      return null;
    }
    double score = node.asDouble();
    double min = kind == AnalysisKind.SENTIMENT ? -1 : 0;
    if (score < min || score > 1) {
      errors.add(at + ".score " + node.asText() + " is outside " + (kind == AnalysisKind.SENTIMENT
          ? "-1 to 1 (-1 very negative, 1 very positive)" : "0 to 1 (confidence)"));
      return null;
    }
    return score;
  }

  private static Map<String, Object> metrics(AnalysisKind kind, JsonNode node, List<String> errors) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      errors.add("metrics is missing or not an object");
      return metrics;
    }
    switch (kind) {
      case SENTIMENT -> {
        JsonNode score = node.get("score");
        if (score == null || !score.isNumber()) {
          errors.add("metrics.score is required: the overall sentiment, a number from -1 to 1");
        } else if (score.asDouble() < -1 || score.asDouble() > 1 || !Double.isFinite(score.asDouble())) {
          errors.add("metrics.score " + score.asText() + " is outside -1 to 1");
        }
      }
      case POSITIONING -> {
        JsonNode segments = node.get("segmentCounts");
        if (segments == null || !segments.isObject()) {
          errors.add("metrics.segmentCounts is required: an object from target segment to the number of"
              + " documents naming it ({} if none is named)");
        } else {
          Iterator<Map.Entry<String, JsonNode>> fields = segments.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> s = fields.next();
            if (s.getKey().isBlank() || !s.getValue().canConvertToInt() || !s.getValue().isIntegralNumber()
                || s.getValue().asInt() < 0) {
              errors.add("metrics.segmentCounts[\"" + abbreviated(s.getKey()) + "\"] must be a non-negative whole"
                  + " number under a non-empty segment name");
            }
          }
        }
        JsonNode prices = node.get("pricePoints");
        if (prices == null || !prices.isArray()) {
          errors.add("metrics.pricePoints is required: an array of price points as written, most telling first"
              + " ([] if none is stated)");
        } else {
          for (int i = 0; i < prices.size(); i++) {
            if (!prices.get(i).isTextual() || prices.get(i).asText().isBlank()) {
              errors.add("metrics.pricePoints[" + i + "] must be a non-empty string");
            }
          }
        }
      }
      case STRATEGY -> {
        // free-form: whatever numbers the model found worth printing
      }
    }
    if (errors.isEmpty()) {
      metrics.putAll(JSON.convertValue(node, LINKED_MAP));
    }
    return metrics;
  }

  private static String requiredText(JsonNode node, String field, String at, List<String> errors) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      errors.add(at + field + " is required and must be a non-empty string");
      return "";
    }
    return value.asText().strip();
  }

  private static String abbreviated(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
