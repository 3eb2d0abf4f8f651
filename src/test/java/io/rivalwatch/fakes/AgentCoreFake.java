package io.rivalwatch.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.rivalwatch.adapters.agentcore.AgentCoreProperties;
import io.rivalwatch.fakes.chaos.FaultPlan;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock AgentCore Memory on this machine: two WireMock servers (data plane and control plane) whose
 * answers are computed by Java code over shared state, speaking the service's REST-JSON on its documented paths.
 *
 * <p>Data plane: CreateEvent ({@code POST /memories/{memoryId}/events}), ListEvents
 * ({@code POST /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}}), RetrieveMemoryRecords
 * ({@code POST /memories/{memoryId}/retrieve}); for retention ListActors ({@code POST /memories/{memoryId}/actors}),
 * ListSessions ({@code POST /memories/{memoryId}/actor/{actorId}/sessions}), ListMemoryRecords
 * ({@code POST /memories/{memoryId}/memoryRecords}, namespace required, a prefix as in retrieval), DeleteEvent
 * ({@code DELETE /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}/events/{eventId}}) and DeleteMemoryRecord
 * ({@code DELETE /memories/{memoryId}/memoryRecords/{memoryRecordId}}); deleting what is not there is 404
 * ResourceNotFoundException. Lists page with maxResults and nextToken. Records once extracted outlive their events,
 * as the service's do. Control plane: CreateMemory ({@code POST /memories/create}),
 * GetMemory ({@code GET /memories/{memoryId}/details}), ListMemories ({@code POST /memories/}).
 *
 * <p>What it checks, because the SDK does not check required body fields: CreateEvent needs actorId, sessionId,
 * eventTimestamp (a JSON number of epoch seconds; a string is refused) and a non-empty payload of conversational
 * items ({@code {content:{text}, role}}) or blobs; ids must match the service's patterns; a client token already
 * seen in that memory returns the first event and stores nothing. Refusals are 400 with
 * {@code x-amzn-ErrorType: ValidationException} and a message naming the field. An unknown memory id is 404
 * ResourceNotFoundException. Requests must carry a SigV4 Authorization header for service bedrock-agentcore (its
 * signature is not checked).
 *
 * <p>How records are derived (the real service extracts them with a model, in the background; here at once and
 * literally): for each strategy of the memory, a SEMANTIC strategy makes one record per event (its text, dated at
 * the event's timestamp, carrying the event's metadata unless {@link #recordsWithoutMetadata()}); a SUMMARIZATION
 * strategy makes one record per actor and session (the session's texts joined, no metadata). Each record sits in
 * the strategy's namespace template filled with the event's actor and session. RetrieveMemoryRecords keeps
 * records whose namespace starts with the asked one (the service's prefix rule), ranks them by shared words
 * (cosine of word sets, a crude stand-in for embeddings: records sharing no word are left out) and returns topK.
 *
 * <p>Faults: {@link #failNext}, {@link #throttleNext}, {@link #unavailableNext}, {@link #resetConnectionNext},
 * {@link #delayNext} answer the next calls (of one operation, or any) with an error instead.
 *
 * <p>Chaos: {@link #faults(FaultPlan)} installs a seeded plan that may answer data-plane calls (CreateEvent,
 * RetrieveMemoryRecords, ListEvents; never the control plane) with a transient error drawn from the plan: 429
 * ThrottlingException (with the Retry-After of 0 or 1 s the plan drew), 503 ServiceUnavailableException or 500
 * InternalServerException, as JSON {@code {"message"}} with {@code x-amzn-ErrorType}; a faulted call stores nothing.
 * Faults queued with the methods above come first. Every injected fault is in the plan's ledger. Without a plan (the
 * default) nothing is drawn.
 *
 * <p>Credentials: the SDK signs every request, so it needs some. Tests call {@link #useDummyCredentials()}, which
 * sets the system properties {@code aws.accessKeyId} and {@code aws.secretAccessKey} that the SDK's default
 * provider chain reads first; nothing real is ever needed or sent anywhere but this fake.
 */
public final class AgentCoreFake implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  public static final String SEMANTIC = "SEMANTIC";
  public static final String SUMMARIZATION = "SUMMARIZATION";

  private static final Pattern ACTOR_OR_SESSION_ID =
      Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
  private static final Pattern METADATA_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
  private static final Set<String> ROLES = Set.of("USER", "ASSISTANT", "TOOL", "OTHER");
  private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "did", "do",
      "does", "for", "from", "has", "have", "how", "in", "is", "it", "its", "of", "on", "or", "the", "their", "this",
      "to", "was", "were", "what", "when", "which", "who", "with");
  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** One strategy of a fake memory: its type (SEMANTIC or SUMMARIZATION), name and namespace template. */
  public record Strategy(String type, String name, String namespace) {}

  /** An event as the fake stored it. {@code eventTimestamp} is the number the client sent, in epoch seconds. */
  public record StoredEvent(String memoryId, String eventId, String actorId, String sessionId,
      BigDecimal eventTimestamp, String text, String role, Map<String, String> metadata, String clientToken) {}

  /** One HTTP request as the fake received it, before any fault or validation. */
  public record Call(String plane, String operation, String method, String path, String body,
      Map<String, String> headers) {

    public JsonNode json() {
      try {
        return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final WireMockServer data;
  private final WireMockServer control;

  // state: guarded by this
  private final Map<String, FakeMemory> memories = new LinkedHashMap<>();
  private final Map<String, String> memoryIdByCreateToken = new HashMap<>();
  private final List<StoredEvent> events = new ArrayList<>();
  private final List<String> clientTokens = new ArrayList<>();
  private final Map<String, DerivedRecord> extracted = new LinkedHashMap<>();
  private final Set<String> deletedRecords = new HashSet<>();
  private final Deque<FaultRule> faults = new ArrayDeque<>();
  private boolean recordsCarryMetadata = true;
  private int creatingReads;
  private long eventSequence;

  private final List<Call> requests = new CopyOnWriteArrayList<>();
  private volatile FaultPlan plan;

  private AgentCoreFake() {
    data = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
        .extensions(new Handler("data")).disableRequestJournal());
    control = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
        .extensions(new Handler("control")).disableRequestJournal());
  }

  /** Starts both planes on free loopback ports. Close it after the test. */
  public static AgentCoreFake start() {
    AgentCoreFake fake = new AgentCoreFake();
    for (WireMockServer server : List.of(fake.data, fake.control)) {
      server.start();
      server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }
    return fake;
  }

  /** Dummy AWS credentials for the SDK's default provider chain (system properties, read before anything else). */
  public static void useDummyCredentials() {
    System.setProperty("aws.accessKeyId", "AKIDFAKEAGENTCORE");
    System.setProperty("aws.secretAccessKey", "fake-secret-for-tests-only");
  }

  public URI dataEndpoint() {
    return URI.create("http://127.0.0.1:" + data.port());
  }

  public URI controlEndpoint() {
    return URI.create("http://127.0.0.1:" + control.port());
  }

  /** rivalwatch's memory settings for this fake's memory {@code memoryId}: 20 records a search, {@code callTimeout}. */
  public AgentCoreProperties properties(String memoryId, Duration callTimeout) {
    return new AgentCoreProperties(REGION, dataEndpoint(), controlEndpoint(), memoryId, 20, callTimeout, null);
  }

  /**
   * The Spring properties that point rivalwatch's memory at this fake.
   *
   * @param memoryId the memory to use, or null to leave {@code memory-id} unset (for the bootstrap)
   */
  public Map<String, String> springProperties(String memoryId) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("rivalwatch.memory.store", "agentcore");
    properties.put("rivalwatch.agentcore.region", REGION);
    properties.put("rivalwatch.agentcore.endpoint", dataEndpoint().toString());
    properties.put("rivalwatch.agentcore.control-endpoint", controlEndpoint().toString());
    if (memoryId != null) {
      properties.put("rivalwatch.agentcore.memory-id", memoryId);
    }
    return properties;
  }

  /** The same as {@code key=value} strings, for Spring's test property helpers. */
  public String[] springPropertyPairs(String memoryId) {
    return springProperties(memoryId).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  // --- set-up ---------------------------------------------------------------------------------------------

  /** An ACTIVE memory with rivalwatch's strategies: facts under {actorId}, summaries under {actorId}/{sessionId}. */
  public String createMemory(String name) {
    return createMemory(name, new Strategy(SEMANTIC, "facts", "{actorId}"),
        new Strategy(SUMMARIZATION, "summaries", "{actorId}/{sessionId}"));
  }

  /** An ACTIVE memory with these strategies (none: events only). */
  public synchronized String createMemory(String name, Strategy... strategies) {
    FakeMemory memory = newMemory(name, 90, Arrays.asList(strategies), "ACTIVE");
    return memory.id;
  }

  /** Records derived from events carry no metadata (as the service may do for extracted facts). */
  public synchronized void recordsWithoutMetadata() {
    recordsCarryMetadata = false;
  }

  /** Memories created by CreateMemory from now on are CREATING for this many GetMemory reads, then ACTIVE. */
  public synchronized void memoriesStayCreatingFor(int reads) {
    creatingReads = reads;
  }

  // --- faults ---------------------------------------------------------------------------------------------

  /**
   * The next {@code times} calls of {@code operation} (null: of any operation) answer this error.
   *
   * @param errorType the x-amzn-ErrorType, e.g. "ValidationException"
   */
  public synchronized void failNext(String operation, int times, int status, String errorType, String message) {
    faults.add(new FaultRule(operation, times, status, errorType, message, null, 0));
  }

  /** The next calls answer 429 ThrottlingException with Retry-After: 2. */
  public synchronized void throttleNext(String operation, int times) {
    faults.add(new FaultRule(operation, times, 429, "ThrottlingException", "Rate exceeded", null, 0));
  }

  /** The next calls answer 503 ServiceUnavailableException. */
  public synchronized void unavailableNext(String operation, int times) {
    faults.add(new FaultRule(operation, times, 503, "ServiceUnavailableException", "Service unavailable", null, 0));
  }

  /** The next calls get their connection reset, no answer. */
  public synchronized void resetConnectionNext(String operation, int times) {
    faults.add(new FaultRule(operation, times, 0, null, null, Fault.CONNECTION_RESET_BY_PEER, 0));
  }

  /** Faults queued with failNext and the like that have not met their calls yet are dropped. */
  public synchronized void clearForcedFaults() {
    faults.clear();
  }

  /** The next calls are answered normally, but only after this many milliseconds. */
  public synchronized void delayNext(String operation, int times, int millis) {
    faults.add(new FaultRule(operation, times, 0, null, null, null, millis));
  }

  /**
   * Data-plane calls may be answered with a transient error the plan draws (service
   * {@link FaultPlan.Service#AGENTCORE}); null removes the plan. The request key, for the plan's consecutive cap, is
   * what a retry repeats: CreateEvent's memory, actor, session and client token; RetrieveMemoryRecords' memory,
   * namespace and query; ListEvents' path.
   */
  public AgentCoreFake faults(FaultPlan plan) {
    this.plan = plan;
    return this;
  }

  /** The installed fault plan, or null. */
  public FaultPlan faults() {
    return plan;
  }

  // --- what happened --------------------------------------------------------------------------------------

  /** Every stored event, in the order stored. */
  public synchronized List<StoredEvent> events() {
    return List.copyOf(events);
  }

  /** Every client token CreateEvent received, duplicates included, in order (null for a request without one). */
  public synchronized List<String> clientTokens() {
    return new ArrayList<>(clientTokens);
  }

  /** Every request received by either plane, in order. */
  public List<Call> requests() {
    return List.copyOf(requests);
  }

  /** The requests of one operation, e.g. "CreateEvent". */
  public List<Call> requests(String operation) {
    return requests.stream().filter(c -> operation.equals(c.operation())).toList();
  }

  /** The names of the memories, by id. */
  public synchronized Map<String, String> memories() {
    Map<String, String> names = new LinkedHashMap<>();
    memories.values().forEach(m -> names.put(m.id, m.name));
    return names;
  }

  @Override
  public void close() {
    data.stop();
    control.stop();
  }

  // --- the service ----------------------------------------------------------------------------------------

  private final class Handler implements ResponseDefinitionTransformerV2 {
    private final String plane;

    Handler(String plane) {
      this.plane = plane;
    }

    @Override
    public String getName() {
      return "agentcore-fake-" + plane;
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return handle(plane, serveEvent.getRequest());
    }
  }

  private ResponseDefinition handle(String plane, Request request) {
    String rawPath = request.getUrl();
    int query = rawPath.indexOf('?');
    if (query >= 0) {
      rawPath = rawPath.substring(0, query);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
    }
    // segments[0] is "" (the path starts with '/')
    String method = request.getMethod().getName();
    String operation = operation(plane, method, segments);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String key : request.getAllHeaderKeys()) {
      headers.put(key.toLowerCase(Locale.ROOT), request.getHeader(key));
    }
    requests.add(new Call(plane, operation, method, rawPath, request.getBodyAsString(), headers));

    FaultRule fault = takeFault(operation);
    if (fault == null && plane.equals("data")) {
      ResponseDefinition chaos = chaos(operation, rawPath, request.getBodyAsString());
      if (chaos != null) {
        return chaos;
      }
    }
    if (fault != null && fault.fault != null) {
      return ResponseDefinitionBuilder.responseDefinition().withFault(fault.fault).build();
    }
    if (fault == null) {
      return answer(operation, segments, request);
    }
    if (fault.delayMillis > 0) { // the call takes effect; only its answer is late
      return ResponseDefinitionBuilder.like(answer(operation, segments, request))
          .withFixedDelay(fault.delayMillis).build();
    }
    ResponseDefinitionBuilder error = errorBuilder(fault.status, fault.errorType, fault.message);
    if (fault.status == 429) {
      error.withHeader("Retry-After", "2");
    }
    return error.build();
  }

  /** The plan's fault for a data-plane call, or null to answer it. */
  private ResponseDefinition chaos(String operation, String path, String body) {
    FaultPlan current = plan;
    if (current == null || operation.equals("Unknown")) {
      return null;
    }
    return current.draw(FaultPlan.Service.AGENTCORE, operation, chaosKey(operation, path, body))
        .map(injection -> {
          if (injection.kind() == io.rivalwatch.fakes.chaos.FaultKind.CONNECTION_RESET) {
            return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
          }
          ResponseDefinitionBuilder error = errorBuilder(injection.kind().status(), injection.kind().errorType(),
              injection.kind().message());
          if (injection.retryAfter() != null) {
            error.withHeader("Retry-After", String.valueOf(injection.retryAfter().toSeconds()));
          }
          return error.build();
        })
        .orElse(null);
  }

  private static String chaosKey(String operation, String path, String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (JsonProcessingException e) {
      return path + " " + body;
    }
    return switch (operation) {
      case "CreateEvent" -> path + " " + json.path("actorId").asText() + "/" + json.path("sessionId").asText() + " "
          + (json.hasNonNull("clientToken") ? json.get("clientToken").asText() : json.path("eventTimestamp").asText());
      case "RetrieveMemoryRecords" -> path + " " + json.path("namespace").asText() + " "
          + json.path("searchCriteria").path("searchQuery").asText();
      default -> path;
    };
  }

  private static String operation(String plane, String method, List<String> s) {
    boolean memories = s.size() >= 2 && s.get(1).equals("memories");
    if (plane.equals("data") && memories && method.equals("POST")) {
      if (s.size() == 4 && s.get(3).equals("events")) {
        return "CreateEvent";
      }
      if (s.size() == 4 && s.get(3).equals("retrieve")) {
        return "RetrieveMemoryRecords";
      }
      if (s.size() == 7 && s.get(3).equals("actor") && s.get(5).equals("sessions")) {
        return "ListEvents";
      }
      if (s.size() == 4 && s.get(3).equals("actors")) {
        return "ListActors";
      }
      if (s.size() == 6 && s.get(3).equals("actor") && s.get(5).equals("sessions")) {
        return "ListSessions";
      }
      if (s.size() == 4 && s.get(3).equals("memoryRecords")) {
        return "ListMemoryRecords";
      }
    }
    if (plane.equals("data") && memories && method.equals("DELETE")) {
      if (s.size() == 9 && s.get(3).equals("actor") && s.get(5).equals("sessions") && s.get(7).equals("events")) {
        return "DeleteEvent";
      }
      if (s.size() == 5 && s.get(3).equals("memoryRecords")) {
        return "DeleteMemoryRecord";
      }
    }
    if (plane.equals("control") && memories) {
      if (method.equals("POST") && s.size() == 3 && s.get(2).equals("create")) {
        return "CreateMemory";
      }
      if (method.equals("GET") && s.size() == 4 && s.get(3).equals("details")) {
        return "GetMemory";
      }
      if (method.equals("POST") && (s.size() == 2 || (s.size() == 3 && s.get(2).isEmpty()))) {
        return "ListMemories";
      }
    }
    return "Unknown";
  }

  private synchronized FaultRule takeFault(String operation) {
    for (Iterator<FaultRule> it = faults.iterator(); it.hasNext(); ) {
      FaultRule rule = it.next();
      if (rule.operation == null || rule.operation.equals(operation)) {
        rule.remaining--;
        if (rule.remaining <= 0) {
          it.remove();
        }
        return rule;
      }
    }
    return null;
  }

  private ResponseDefinition answer(String operation, List<String> segments, Request request) {
    if (operation.equals("Unknown")) {
      return error(404, "UnknownOperationException", "no operation at " + request.getMethod() + " " + request.getUrl());
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    if (!authorization.contains("/bedrock-agentcore/aws4_request")) {
      return error(403, "InvalidSignatureException", "Credential should be scoped to correct service: "
          + "'bedrock-agentcore'");
    }
    JsonNode body;
    try {
      String text = request.getBodyAsString();
      body = JSON.readTree(text == null || text.isBlank() ? "{}" : text);
    } catch (JsonProcessingException e) {
      return error(400, "SerializationException", "the request body is not JSON");
    }
    if (!body.isObject()) {
      return error(400, "SerializationException", "the request body must be a JSON object");
    }
    synchronized (this) {
      return switch (operation) {
        case "CreateEvent" -> createEvent(segments.get(2), (ObjectNode) body);
        case "ListEvents" -> listEvents(segments.get(2), segments.get(4), segments.get(6), body);
        case "RetrieveMemoryRecords" -> retrieve(segments.get(2), body);
        case "ListActors" -> listActors(segments.get(2), body);
        case "ListSessions" -> listSessions(segments.get(2), segments.get(4), body);
        case "ListMemoryRecords" -> listMemoryRecords(segments.get(2), body);
        case "DeleteEvent" -> deleteEvent(segments.get(2), segments.get(4), segments.get(6), segments.get(8));
        case "DeleteMemoryRecord" -> deleteMemoryRecord(segments.get(2), segments.get(4));
        case "CreateMemory" -> createMemoryCall(body);
        case "GetMemory" -> getMemory(segments.get(2));
        case "ListMemories" -> listMemories(body);
        default -> error(404, "UnknownOperationException", operation);
      };
    }
  }

  // --- data plane -----------------------------------------------------------------------------------------

  private ResponseDefinition createEvent(String memoryId, ObjectNode body) {
    FakeMemory memory = memories.get(memoryId);
    if (memory == null) {
      return notFound(memoryId);
    }
    String token = body.hasNonNull("clientToken") ? body.get("clientToken").asText() : null;
    clientTokens.add(token);
    String problem = firstProblem(body);
    if (problem != null) {
      return error(400, "ValidationException", problem);
    }
    if (token != null) {
      for (StoredEvent earlier : events) {
        if (earlier.memoryId().equals(memoryId) && token.equals(earlier.clientToken())) {
          return ok(JSON.createObjectNode().set("event", eventJson(earlier, true))); // the first event, nothing new
        }
      }
    }
    JsonNode item = body.get("payload").get(0);
    String text = item.has("conversational") ? item.get("conversational").get("content").get("text").asText() : null;
    String role = item.has("conversational") ? item.get("conversational").get("role").asText() : null;
    Map<String, String> metadata = new LinkedHashMap<>();
    if (body.has("metadata")) {
      body.get("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().get("stringValue")
          .asText()));
    }
    BigDecimal timestamp = body.get("eventTimestamp").decimalValue();
    String eventId = timestamp.movePointRight(3).longValue() + "#" + HexFormat.of().toHexDigits(++eventSequence);
    StoredEvent event = new StoredEvent(memoryId, eventId, body.get("actorId").asText(),
        body.get("sessionId").asText(), timestamp, text, role, Map.copyOf(metadata), token);
    events.add(event);
    return ok(JSON.createObjectNode().set("event", eventJson(event, true)));
  }

  /** The first thing wrong with a CreateEvent body, as the service words it, or null. */
  private static String firstProblem(JsonNode body) {
    for (String field : List.of("actorId", "sessionId")) {
      JsonNode value = body.get(field);
      if (value == null || value.isNull()) {
        return "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: "
            + "Member must not be null";
      }
      if (!value.isTextual() || !ACTOR_OR_SESSION_ID.matcher(value.asText()).matches()
          || value.asText().length() > (field.equals("actorId") ? 255 : 100)) {
        return "1 validation error detected: Value '" + value.asText() + "' at '" + field
            + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            + ACTOR_OR_SESSION_ID.pattern();
      }
    }
    JsonNode timestamp = body.get("eventTimestamp");
    if (timestamp == null || timestamp.isNull()) {
      return "1 validation error detected: Value null at 'eventTimestamp' failed to satisfy constraint: "
          + "Member must not be null";
    }
    if (!timestamp.isNumber()) {
      return "eventTimestamp must be a number of epoch seconds, got " + timestamp.getNodeType().name()
          .toLowerCase(Locale.ROOT) + " " + timestamp;
    }
    JsonNode payload = body.get("payload");
    if (payload == null || payload.isNull()) {
      return "1 validation error detected: Value null at 'payload' failed to satisfy constraint: "
          + "Member must not be null";
    }
    if (!payload.isArray() || payload.isEmpty() || payload.size() > 100) {
      return "payload must be a list of 1 to 100 items";
    }
    for (JsonNode item : payload) {
      boolean conversational = item.has("conversational");
      if (conversational == item.has("blob") || item.size() != 1) {
        return "payload item must have exactly one of conversational or blob: " + item;
      }
      if (conversational) {
        JsonNode c = item.get("conversational");
        if (!c.path("content").path("text").isTextual()) {
          return "payload.conversational.content.text is required";
        }
        if (!ROLES.contains(c.path("role").asText())) {
          return "payload.conversational.role must be one of " + ROLES + ", was " + c.path("role");
        }
      }
    }
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject() || metadata.size() > 15) {
        return "metadata must be a map of at most 15 entries";
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
          return "metadata key '" + entry.getKey() + "' failed to satisfy constraint " + METADATA_KEY.pattern();
        }
        if (!entry.getValue().path("stringValue").isTextual()) {
          return "metadata." + entry.getKey() + " must be {\"stringValue\": string}";
        }
      }
    }
    return null;
  }

  private ResponseDefinition listEvents(String memoryId, String actorId, String sessionId, JsonNode body) {
    if (!memories.containsKey(memoryId)) {
      return notFound(memoryId);
    }
    boolean payloads = !body.has("includePayloads") || body.get("includePayloads").asBoolean();
    int max = body.has("maxResults") ? body.get("maxResults").asInt() : 100;
    ArrayNode list = JSON.createArrayNode();
    events.stream()
        .filter(e -> e.memoryId().equals(memoryId) && e.actorId().equals(actorId) && e.sessionId().equals(sessionId))
        .sorted(Comparator.comparing(StoredEvent::eventTimestamp))
        .limit(max)
        .forEach(e -> list.add(eventJson(e, payloads)));
    return ok(JSON.createObjectNode().set("events", list));
  }

  private ResponseDefinition listActors(String memoryId, JsonNode body) {
    if (!memories.containsKey(memoryId)) {
      return notFound(memoryId);
    }
    List<String> actors = events.stream().filter(e -> e.memoryId().equals(memoryId)).map(StoredEvent::actorId)
        .distinct().sorted().toList();
    return page(actors, body, "actorSummaries", (list, actor) -> list.addObject().put("actorId", actor));
  }

  private ResponseDefinition listSessions(String memoryId, String actorId, JsonNode body) {
    if (!memories.containsKey(memoryId)) {
      return notFound(memoryId);
    }
    Map<String, BigDecimal> firstEvent = new java.util.TreeMap<>();
    events.stream().filter(e -> e.memoryId().equals(memoryId) && e.actorId().equals(actorId))
        .forEach(e -> firstEvent.merge(e.sessionId(), e.eventTimestamp(), BigDecimal::min));
    return page(List.copyOf(firstEvent.entrySet()), body, "sessionSummaries", (list, session) -> list.addObject()
        .put("sessionId", session.getKey()).put("actorId", actorId).put("createdAt", session.getValue()));
  }

  /** The service's refusal of a read of records by namespace (unknown memory, no namespace), or null to go on. */
  private ResponseDefinition refusedNamespacedRead(String memoryId, JsonNode body) {
    if (!memories.containsKey(memoryId)) {
      return notFound(memoryId);
    }
    JsonNode namespace = body.get("namespace");
    if (namespace == null || !namespace.isTextual() || namespace.asText().isEmpty()) {
      return namespaceMissing();
    }
    return null;
  }

  /** The service's answer to a request without its required namespace. */
  private ResponseDefinition namespaceMissing() {
    return error(400, "ValidationException", "1 validation error detected: Value null at 'namespace' failed to "
        + "satisfy constraint: Member must not be null");
  }

  private ResponseDefinition listMemoryRecords(String memoryId, JsonNode body) {
    ResponseDefinition refused = refusedNamespacedRead(memoryId, body);
    if (refused != null) {
      return refused;
    }
    FakeMemory memory = memories.get(memoryId);
    JsonNode namespace = body.get("namespace");
    String strategy = body.hasNonNull("memoryStrategyId") ? body.get("memoryStrategyId").asText() : null;
    List<DerivedRecord> records = derive(memory).stream()
        .filter(r -> r.namespace.startsWith(namespace.asText()) && (strategy == null || strategy.equals(r.strategyId)))
        .sorted(Comparator.comparing((DerivedRecord r) -> r.createdAt).thenComparing(r -> r.id)).toList();
    return page(records, body, "memoryRecordSummaries", (list, record) -> {
      ObjectNode summary = list.addObject();
      summary.put("memoryRecordId", record.id);
      summary.putObject("content").put("text", record.text);
      summary.put("memoryStrategyId", record.strategyId);
      summary.putArray("namespaces").add(record.namespace);
      summary.put("createdAt", record.createdAt);
      if (!record.metadata.isEmpty()) {
        ObjectNode metadata = summary.putObject("metadata");
        record.metadata.forEach((k, v) -> metadata.putObject(k).put("stringValue", v));
      }
    });
  }

  private ResponseDefinition deleteEvent(String memoryId, String actorId, String sessionId, String eventId) {
    if (!memories.containsKey(memoryId)) {
      return notFound(memoryId);
    }
    boolean removed = events.removeIf(e -> e.memoryId().equals(memoryId) && e.actorId().equals(actorId)
        && e.sessionId().equals(sessionId) && e.eventId().equals(eventId));
    if (!removed) {
      return error(404, "ResourceNotFoundException", "Event not found: " + eventId);
    }
    return ok(JSON.createObjectNode().put("eventId", eventId));
  }

  private ResponseDefinition deleteMemoryRecord(String memoryId, String recordId) {
    FakeMemory memory = memories.get(memoryId);
    if (memory == null) {
      return notFound(memoryId);
    }
    boolean known = derive(memory).stream().anyMatch(r -> r.id.equals(recordId));
    if (!known) {
      return error(404, "ResourceNotFoundException", "Memory record not found: " + recordId);
    }
    extracted.remove(recordId);
    deletedRecords.add(recordId);
    return ok(JSON.createObjectNode().put("memoryRecordId", recordId));
  }

  /** One page of a list: maxResults (1 to 100, default 20) from the position nextToken names. */
  private static <T> ResponseDefinition page(List<T> all, JsonNode body, String field,
      java.util.function.BiConsumer<ArrayNode, T> write) {
    int max = body.has("maxResults") ? body.get("maxResults").asInt() : 20;
    if (max < 1 || max > 100) {
      return error(400, "ValidationException", "maxResults must be between 1 and 100, was " + max);
    }
    int start = body.hasNonNull("nextToken") ? Integer.parseInt(body.get("nextToken").asText()) : 0;
    ArrayNode list = JSON.createArrayNode();
    all.subList(Math.min(start, all.size()), Math.min(start + max, all.size())).forEach(item -> write.accept(list, item));
    ObjectNode response = JSON.createObjectNode().set(field, list);
    if (start + max < all.size()) {
      response.put("nextToken", String.valueOf(start + max));
    }
    return ok(response);
  }

  /** The ids of the records the memory holds now (extracted and not deleted). */
  public synchronized List<String> recordIds(String memoryId) {
    FakeMemory memory = memories.get(memoryId);
    return memory == null ? List.of() : derive(memory).stream().map(r -> r.id).toList();
  }

  private ResponseDefinition retrieve(String memoryId, JsonNode body) {
    ResponseDefinition refused = refusedNamespacedRead(memoryId, body);
    if (refused != null) {
      return refused;
    }
    FakeMemory memory = memories.get(memoryId);
    JsonNode namespace = body.get("namespace");
    JsonNode criteria = body.get("searchCriteria");
    if (criteria == null || !criteria.path("searchQuery").isTextual() || criteria.get("searchQuery").asText().isEmpty()
        || criteria.get("searchQuery").asText().length() > 10_000) {
      return error(400, "ValidationException", "searchCriteria.searchQuery is required (1 to 10000 characters)");
    }
    int topK = criteria.has("topK") ? criteria.get("topK").asInt() : 10;
    if (topK < 1 || topK > 100) {
      return error(400, "ValidationException", "searchCriteria.topK must be between 1 and 100, was " + topK);
    }
    int maxResults = body.has("maxResults") ? body.get("maxResults").asInt() : 20;
    String strategyFilter = criteria.hasNonNull("memoryStrategyId") ? criteria.get("memoryStrategyId").asText() : null;
    Set<String> question = words(criteria.get("searchQuery").asText());
    List<ScoredRecord> scored = new ArrayList<>();
    for (DerivedRecord record : derive(memory)) {
      if (!record.namespace.startsWith(namespace.asText())
          || (strategyFilter != null && !strategyFilter.equals(record.strategyId))) {
        continue;
      }
      double score = similarity(question, words(record.text));
      if (score > 0) {
        scored.add(new ScoredRecord(record, score));
      }
    }
    scored.sort(Comparator.comparingDouble(ScoredRecord::score).reversed()
        .thenComparing(s -> s.record().createdAt, Comparator.reverseOrder())
        .thenComparing(s -> s.record().id));
    ArrayNode summaries = JSON.createArrayNode();
    for (ScoredRecord s : scored.subList(0, Math.min(scored.size(), Math.min(topK, maxResults)))) {
      ObjectNode summary = JSON.createObjectNode();
      summary.put("memoryRecordId", s.record().id);
      summary.putObject("content").put("text", s.record().text);
      summary.put("memoryStrategyId", s.record().strategyId);
      summary.putArray("namespaces").add(s.record().namespace);
      summary.put("createdAt", s.record().createdAt);
      summary.put("score", s.score());
      if (!s.record().metadata.isEmpty()) {
        ObjectNode metadata = summary.putObject("metadata");
        s.record().metadata.forEach((k, v) -> metadata.putObject(k).put("stringValue", v));
      }
      summaries.add(summary);
    }
    return ok(JSON.createObjectNode().set("memoryRecordSummaries", summaries));
  }

  /**
   * The memory's records: what its strategies extracted from its events so far, kept when the events go (as the
   * service keeps extracted records after DeleteEvent), less the records deleted with DeleteMemoryRecord.
   */
  private List<DerivedRecord> derive(FakeMemory memory) {
    for (DerivedRecord record : extractNow(memory)) {
      if (!deletedRecords.contains(record.id)) {
        extracted.put(record.id, record);
      }
    }
    return extracted.values().stream().filter(r -> memory.strategies.stream().anyMatch(st -> st.id.equals(r.strategyId)))
        .toList();
  }

  private List<DerivedRecord> extractNow(FakeMemory memory) {
    List<StoredEvent> own = events.stream().filter(e -> e.memoryId().equals(memory.id) && e.text() != null).toList();
    List<DerivedRecord> records = new ArrayList<>();
    for (FakeStrategy strategy : memory.strategies) {
      if (strategy.type.equals(SEMANTIC)) {
        for (StoredEvent event : own) {
          records.add(new DerivedRecord("mem-" + hash(strategy.id + event.eventId()), strategy.id,
              resolve(strategy.namespace, event, strategy.id), event.text(), event.eventTimestamp(),
              recordsCarryMetadata ? event.metadata() : Map.of()));
        }
      } else if (strategy.type.equals(SUMMARIZATION)) {
        Map<String, List<StoredEvent>> sessions = new LinkedHashMap<>();
        for (StoredEvent event : own) {
          sessions.computeIfAbsent(event.actorId() + "\n" + event.sessionId(), k -> new ArrayList<>()).add(event);
        }
        for (List<StoredEvent> session : sessions.values()) {
          StoredEvent first = session.get(0);
          StringBuilder text = new StringBuilder("Summary of session " + first.sessionId() + ":");
          BigDecimal latest = first.eventTimestamp();
          for (StoredEvent event : session) {
            text.append(' ').append(event.text());
            latest = latest.max(event.eventTimestamp());
          }
          records.add(new DerivedRecord("mem-" + hash(strategy.id + first.actorId() + "\n" + first.sessionId()),
              strategy.id, resolve(strategy.namespace, first, strategy.id), text.toString(), latest, Map.of()));
        }
      }
    }
    return records;
  }

  private static String resolve(String template, StoredEvent event, String strategyId) {
    return template.replace("{actorId}", event.actorId()).replace("{sessionId}", event.sessionId())
        .replace("{memoryStrategyId}", strategyId).replace("{strategyId}", strategyId);
  }

  /** Lower-case words without stop words, plural 's' dropped: a crude stand-in for meaning. */
  static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (word.isEmpty() || STOP_WORDS.contains(word)) {
        continue;
      }
      words.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
          ? word.substring(0, word.length() - 1) : word);
    }
    return words;
  }

  private static double similarity(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    long shared = a.stream().filter(b::contains).count();
    return shared / Math.sqrt((double) a.size() * b.size());
  }

  private ObjectNode eventJson(StoredEvent event, boolean withPayload) {
    ObjectNode node = JSON.createObjectNode();
    node.put("memoryId", event.memoryId());
    node.put("actorId", event.actorId());
    node.put("sessionId", event.sessionId());
    node.put("eventId", event.eventId());
    node.put("eventTimestamp", event.eventTimestamp());
    ArrayNode payload = node.putArray("payload");
    if (withPayload && event.text() != null) {
      ObjectNode conversational = payload.addObject().putObject("conversational");
      conversational.putObject("content").put("text", event.text());
      conversational.put("role", event.role());
    }
    if (!event.metadata().isEmpty()) {
      ObjectNode metadata = node.putObject("metadata");
      event.metadata().forEach((k, v) -> metadata.putObject(k).put("stringValue", v));
    }
    return node;
  }

  // --- control plane --------------------------------------------------------------------------------------

  private ResponseDefinition createMemoryCall(JsonNode body) {
    String token = body.hasNonNull("clientToken") ? body.get("clientToken").asText() : null;
    if (token != null && memoryIdByCreateToken.containsKey(token)) {
      return ok(JSON.createObjectNode().set("memory", memoryJson(memories.get(memoryIdByCreateToken.get(token)))));
    }
    JsonNode name = body.get("name");
    if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
      return error(400, "ValidationException", "name is required and must match " + NAME.pattern() + ", was " + name);
    }
    JsonNode expiry = body.get("eventExpiryDuration");
    if (expiry == null || !expiry.isIntegralNumber() || expiry.asInt() < 7 || expiry.asInt() > 365) {
      return error(400, "ValidationException", "eventExpiryDuration is required: a number of days from 7 to 365, was "
          + expiry);
    }
    for (FakeMemory existing : memories.values()) {
      if (existing.name.equals(name.asText())) {
        return error(409, "ConflictException", "a memory named " + name.asText() + " already exists: " + existing.id);
      }
    }
    List<Strategy> strategies = new ArrayList<>();
    for (JsonNode input : body.path("memoryStrategies")) {
      if (input.size() != 1) {
        return error(400, "ValidationException", "a memory strategy input must have exactly one member: " + input);
      }
      String key = input.fieldNames().next();
      JsonNode strategy = input.get(key);
      String type = switch (key) {
        case "semanticMemoryStrategy" -> SEMANTIC;
        case "summaryMemoryStrategy" -> SUMMARIZATION;
        case "userPreferenceMemoryStrategy" -> "USER_PREFERENCE";
        default -> null;
      };
      if (type == null) {
        return error(400, "ValidationException", "unsupported strategy " + key);
      }
      if (!strategy.path("name").isTextual() || !NAME.matcher(strategy.get("name").asText()).matches()) {
        return error(400, "ValidationException", key + ".name must match " + NAME.pattern());
      }
      String namespace = strategy.path("namespaces").isArray() && !strategy.get("namespaces").isEmpty()
          ? strategy.get("namespaces").get(0).asText()
          : type.equals(SUMMARIZATION) ? "/strategies/{memoryStrategyId}/actors/{actorId}/sessions/{sessionId}"
              : "/strategies/{memoryStrategyId}/actors/{actorId}";
      strategies.add(new Strategy(type, strategy.get("name").asText(), namespace));
    }
    FakeMemory memory = newMemory(name.asText(), expiry.asInt(), strategies, creatingReads > 0 ? "CREATING" : "ACTIVE");
    memory.creatingReadsLeft = creatingReads;
    if (token != null) {
      memoryIdByCreateToken.put(token, memory.id);
    }
    return ok(JSON.createObjectNode().set("memory", memoryJson(memory)));
  }

  private ResponseDefinition getMemory(String memoryId) {
    FakeMemory memory = memories.get(memoryId);
    if (memory == null) {
      return notFound(memoryId);
    }
    if (memory.status.equals("CREATING")) {
      if (memory.creatingReadsLeft > 0) {
        memory.creatingReadsLeft--;
      } else {
        memory.status = "ACTIVE";
      }
    }
    return ok(JSON.createObjectNode().set("memory", memoryJson(memory)));
  }

  private ResponseDefinition listMemories(JsonNode body) {
    int max = body.has("maxResults") ? body.get("maxResults").asInt() : 100;
    if (max < 1 || max > 100) {
      return error(400, "ValidationException", "maxResults must be between 1 and 100");
    }
    int start = body.hasNonNull("nextToken") ? Integer.parseInt(body.get("nextToken").asText()) : 0;
    List<FakeMemory> all = new ArrayList<>(memories.values());
    ArrayNode list = JSON.createArrayNode();
    for (FakeMemory memory : all.subList(Math.min(start, all.size()), Math.min(start + max, all.size()))) {
      ObjectNode summary = list.addObject();
      summary.put("arn", memory.arn());
      summary.put("id", memory.id);
      summary.put("status", memory.status);
      summary.put("createdAt", memory.createdAt);
      summary.put("updatedAt", memory.createdAt);
    }
    ObjectNode response = JSON.createObjectNode().set("memories", list);
    if (start + max < all.size()) {
      response.put("nextToken", String.valueOf(start + max));
    }
    return ok(response);
  }

  private FakeMemory newMemory(String name, int expiryDays, List<Strategy> strategies, String status) {
    StringBuilder id = new StringBuilder(name).append('-');
    for (int i = 0; i < 10; i++) {
      id.append(ALPHANUMERIC.charAt(ThreadLocalRandom.current().nextInt(ALPHANUMERIC.length())));
    }
    FakeMemory memory = new FakeMemory(id.toString(), name, expiryDays, status);
    for (Strategy strategy : strategies) {
      memory.strategies.add(new FakeStrategy(strategy.name() + "-" + id.substring(id.length() - 10), strategy.name(),
          strategy.type(), strategy.namespace()));
    }
    memories.put(memory.id, memory);
    return memory;
  }

  private static ObjectNode memoryJson(FakeMemory memory) {
    ObjectNode node = JSON.createObjectNode();
    node.put("arn", memory.arn());
    node.put("id", memory.id);
    node.put("name", memory.name);
    node.put("eventExpiryDuration", memory.expiryDays);
    node.put("status", memory.status);
    node.put("createdAt", memory.createdAt);
    node.put("updatedAt", memory.createdAt);
    ArrayNode strategies = node.putArray("strategies");
    for (FakeStrategy strategy : memory.strategies) {
      ObjectNode s = strategies.addObject();
      s.put("strategyId", strategy.id);
      s.put("name", strategy.name);
      s.put("type", strategy.type);
      s.putArray("namespaces").add(strategy.namespace);
      s.put("status", "ACTIVE");
    }
    return node;
  }

  // --- answers --------------------------------------------------------------------------------------------

  private static ResponseDefinition ok(ObjectNode body) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
  }

  private static ResponseDefinition notFound(String memoryId) {
    return error(404, "ResourceNotFoundException", "Memory not found: " + memoryId);
  }

  private static ResponseDefinition error(int status, String type, String message) {
    return errorBuilder(status, type, message).build();
  }

  private static ResponseDefinitionBuilder errorBuilder(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("message", message);
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", type)
        .withBody(body.toString());
  }

  private static String hash(String value) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)), 0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- state types ----------------------------------------------------------------------------------------

  private static final class FakeMemory {
    final String id;
    final String name;
    final int expiryDays;
    final long createdAt = Instant.now().getEpochSecond();
    final List<FakeStrategy> strategies = new ArrayList<>();
    String status;
    int creatingReadsLeft;

    FakeMemory(String id, String name, int expiryDays, String status) {
      this.id = id;
      this.name = name;
      this.expiryDays = expiryDays;
      this.status = status;
    }

    String arn() {
      return "arn:aws:bedrock-agentcore:" + REGION + ":" + ACCOUNT + ":memory/" + id;
    }
  }

  private record FakeStrategy(String id, String name, String type, String namespace) {}

  private record DerivedRecord(String id, String strategyId, String namespace, String text, BigDecimal createdAt,
      Map<String, String> metadata) {}

  private record ScoredRecord(DerivedRecord record, double score) {}

  private static final class FaultRule {
    final String operation;
    int remaining;
    final int status;
    final String errorType;
    final String message;
    final Fault fault;
    final int delayMillis;

    FaultRule(String operation, int times, int status, String errorType, String message, Fault fault,
        int delayMillis) {
      this.operation = operation;
      this.remaining = times;
      this.status = status;
      this.errorType = errorType;
      this.message = message;
      this.fault = fault;
      this.delayMillis = delayMillis;
    }
  }
}
