package io.rivalwatch.adapters.agentcore;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryRetention;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.memory.RememberedItem;
import io.rivalwatch.resilience.IdempotentCalls;
import io.rivalwatch.resilience.IdempotentCalls.Operation;
import io.rivalwatch.resilience.OutsideServices;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.Content;
import software.amazon.awssdk.services.bedrockagentcore.model.CreateEventRequest;
import software.amazon.awssdk.services.bedrockagentcore.model.MemoryRecordSummary;
import software.amazon.awssdk.services.bedrockagentcore.model.MetadataValue;
import software.amazon.awssdk.services.bedrockagentcore.model.PayloadType;
import software.amazon.awssdk.services.bedrockagentcore.model.RetrieveMemoryRecordsRequest;
import software.amazon.awssdk.services.bedrockagentcore.model.Role;

/**
 * The long-term memory in Amazon Bedrock AgentCore Memory.
 *
 * <p><b>Recording.</b> An entry becomes one event (CreateEvent): actor = the entry's namespace, session =
 * {@code runId-phase}, timestamp = {@code recordedAt}, payload = one conversational item (the entry's text, role
 * ASSISTANT), metadata = runId, phase, status, competitor (those that are set). The client token is derived from
 * memory id and entry id ({@link AgentCoreIds#eventClientToken}), so a job retried by the engine sends the same
 * token and the service keeps the first event: the first write wins (an event cannot be replaced, unlike the
 * local store's entries). The service honours a token for a limited time, not for ever.
 *
 * <p><b>Searching.</b> The service does not search events; its strategies extract memory records from them in
 * the background (seconds to a minute after the event), under the namespace templates they were created with
 * ({@code {actorId}}, {@code {actorId}/{sessionId}}, see {@link AgentCoreMemoryBootstrap}). A search is one
 * RetrieveMemoryRecords in the query's namespace. Each record becomes a hit: id = the record's id, namespace = the
 * query's, runId/phase/status = the record's metadata when the service returns any (else null), competitorId =
 * its metadata, else taken from a {@code competitors/<id>} namespace, text = the record's text, recordedAt = its
 * creation time, score = the service's relevance score (0 when it gives none). So a hit is what the memory derived
 * from entries, not necessarily an entry (see {@link MemoryEntry}).
 *
 * <p><b>Filters after retrieval.</b> The service treats the namespace as a prefix, so a search in
 * {@code competitors/acme} would also see {@code competitors/acme-corp}: records outside the namespace and its
 * children ({@code competitors/acme/...}, where session summaries live) are dropped. The run filters are applied
 * where the run is known: from the record's metadata, else from a session namespace
 * {@code <namespace>/<session>} ({@link AgentCoreIds#sessionBelongsToRun}). A record whose run cannot be told is
 * dropped by {@code onlyRunId} and kept by {@code excludeRunId}: facts the service merged from several runs carry no
 * single run. To leave enough after filtering, a search asks the service for more than the query's topK (at least
 * {@code topKDefault}, at most 100) and returns the best topK that pass.
 *
 * <p><b>Failures.</b> Every service or client failure becomes an {@link OutsideServiceException} of service
 * {@value AgentCoreErrors#SERVICE} (see {@link AgentCoreErrors}); the client must not retry by itself (the engine
 * owns retries). Invalid arguments are {@link IllegalArgumentException}s naming the field. Both calls go through the
 * memory's circuit breaker ({@link OutsideServices}): while it is open they fail at once with CIRCUIT_OPEN. Both are
 * idempotent (a client token; a read) and are repeated a few times inside the job when they fail with something
 * that may pass ({@link IdempotentCalls}, ADR 0015).
 * Thread-safe.
 */
public final class AgentCoreMemoryStore implements MemoryStore, MemoryRetention {

  static final String META_RUN_ID = "runId";
  static final String META_PHASE = "phase";
  static final String META_STATUS = "status";
  static final String META_COMPETITOR = "competitor";

  /** Items per page of the lists retention reads (the service's most is 100). */
  static final int LIST_PAGE = 100;

  /** The service's longest search query. */
  static final int MAX_QUERY_CHARS = 10_000;

  private static final String COMPETITOR_PREFIX = MemoryEntry.competitorNamespace("");

  private final BedrockAgentCoreClient client;
  private final String memoryId;
  private final int topKDefault;
  private final Clock clock;
  private final IdempotentCalls calls;

  /**
   * @param client a data-plane client with retries off
   * @param memoryId the memory (verified to exist at start-up by {@link AgentCoreAdapter})
   * @param topKDefault the least number of records a search asks the service for (1 to 100)
   * @param clock gives the event time of an entry without {@code recordedAt}
   * @param calls the breakers (this store's calls go through {@value AgentCoreErrors#SERVICE}'s) and the rule for
   *     repeating idempotent calls inside the job
   */
  public AgentCoreMemoryStore(BedrockAgentCoreClient client, String memoryId, int topKDefault, Clock clock,
      IdempotentCalls calls) {
    this.client = Objects.requireNonNull(client, "client");
    this.memoryId = requireText(memoryId, "memoryId");
    this.topKDefault = Math.max(1, Math.min(topKDefault, AgentCoreProperties.MAX_TOP_K));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /** One attempt per call through these breakers (for tools and tests of one failure). */
  public AgentCoreMemoryStore(BedrockAgentCoreClient client, String memoryId, int topKDefault, Clock clock,
      OutsideServices services) {
    this(client, memoryId, topKDefault, clock, IdempotentCalls.singleAttempt(services));
  }

  /** A store with a breaker of its own at the default settings (for tools and tests that use it alone). */
  public AgentCoreMemoryStore(BedrockAgentCoreClient client, String memoryId, int topKDefault, Clock clock) {
    this(client, memoryId, topKDefault, clock, OutsideServices.standalone());
  }

  public String memoryId() {
    return memoryId;
  }

  @Override
  public void record(MemoryEntry entry) {
    CreateEventRequest request = toCreateEvent(entry);
    calls.run(Operation.MEMORY_CREATE_EVENT, () -> {
      try {
        client.createEvent(request);
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("CreateEvent", memoryId, e);
      }
    });
  }

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    Objects.requireNonNull(query, "query");
    if (query.namespace() == null) {
      throw new IllegalArgumentException("MemoryQuery.namespace must not be null");
    }
    requireText(query.text(), "MemoryQuery.text");
    if (query.topK() < 1) {
      throw new IllegalArgumentException("MemoryQuery.topK must be at least 1, was " + query.topK());
    }
    if (!AgentCoreIds.isValidActorId(query.namespace())) {
      return List.of(); // record() refuses such a namespace, so nothing was ever recorded there
    }
    RetrieveMemoryRecordsRequest request = RetrieveMemoryRecordsRequest.builder()
        .memoryId(memoryId)
        .namespace(query.namespace())
        .searchCriteria(c -> c.searchQuery(abbreviate(query.text().strip(), MAX_QUERY_CHARS)).topK(depth(query)))
        .maxResults(depth(query))
        .build();
    List<MemoryRecordSummary> records = calls.call(Operation.MEMORY_RETRIEVE, () -> {
      try {
        return client.retrieveMemoryRecords(request).memoryRecordSummaries();
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("RetrieveMemoryRecords", memoryId, e);
      }
    });
    List<MemoryHit> hits = new ArrayList<>(Math.min(query.topK(), records.size()));
    for (MemoryRecordSummary record : records) {
      if (hits.size() == query.topK()) {
        break;
      }
      String recordNamespace = namespaceWithin(record, query.namespace());
      if (recordNamespace != null && passesRunFilters(record, recordNamespace, query)) {
        hits.add(new MemoryHit(toEntry(record, query.namespace()), record.score() == null ? 0.0 : record.score()));
      }
    }
    return hits;
  }

  // --- retention -----------------------------------------------------------------------------------------

  /**
   * Events and memory records recorded before the cutoff. Events: ListActors, then ListSessions of each actor, then
   * ListEvents of each session (no payloads), every page. Records: ListMemoryRecords in each actor's namespace (the
   * strategies file theirs under {@code {actorId}} and {@code {actorId}/{sessionId}}, and the service matches
   * namespaces as prefixes), each record once. An event's run is its metadata's; a record's its metadata's, else its
   * session namespace's ({@code <actor>/<session>}, a session summary), else null (a fact merged from several runs).
   */
  @Override
  public List<RememberedItem> recordedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    List<RememberedItem> expired = new ArrayList<>();
    java.util.Set<String> recordsSeen = new java.util.HashSet<>();
    for (String actor : listActors()) {
      // a session summary carries no metadata: its run is its session's, known from the session's events
      Map<String, String> runOfSession = new java.util.HashMap<>();
      for (String session : listSessions(actor)) {
        for (var event : listEvents(actor, session)) {
          if (eventRun(event) != null) {
            runOfSession.putIfAbsent(actor + "/" + session, eventRun(event));
          }
          if (event.eventTimestamp() != null && event.eventTimestamp().isBefore(cutoff)) {
            expired.add(new RememberedItem(RememberedItem.EVENT, String.join("\n", actor, session, event.eventId()),
                eventRun(event), event.eventTimestamp()));
          }
        }
      }
      for (MemoryRecordSummary record : listRecords(actor)) {
        if (record.createdAt() != null && record.createdAt().isBefore(cutoff)
            && recordsSeen.add(record.memoryRecordId())) {
          String run = metadata(record, META_RUN_ID);
          if (run == null && record.hasNamespaces()) {
            run = record.namespaces().stream().map(ns -> runOfSession.get(stripSlashes(ns)))
                .filter(Objects::nonNull).findFirst().orElse(null);
          }
          expired.add(new RememberedItem(RememberedItem.RECORD, record.memoryRecordId(), run, record.createdAt()));
        }
      }
    }
    return expired;
  }

  /** DeleteEvent or DeleteMemoryRecord; one that is gone already (404 ResourceNotFoundException) counts as deleted. */
  @Override
  public void delete(RememberedItem item) {
    Objects.requireNonNull(item, "item");
    String operation = RememberedItem.EVENT.equals(item.kind()) ? "DeleteEvent" : "DeleteMemoryRecord";
    calls.run(Operation.MEMORY_DELETE, () -> {
      try {
        if (RememberedItem.EVENT.equals(item.kind())) {
          String[] parts = item.id().split("\n", -1);
          if (parts.length != 3) {
            throw new IllegalArgumentException("event id '" + item.id() + "' is not actor, session and event id");
          }
          client.deleteEvent(r -> r.memoryId(memoryId).actorId(parts[0]).sessionId(parts[1]).eventId(parts[2]));
        } else if (RememberedItem.RECORD.equals(item.kind())) {
          client.deleteMemoryRecord(r -> r.memoryId(memoryId).memoryRecordId(item.id()));
        } else {
          throw new IllegalArgumentException("AgentCore memory holds events and records, not a " + item.kind());
        }
      } catch (software.amazon.awssdk.services.bedrockagentcore.model.ResourceNotFoundException gone) {
        // deleted by an earlier attempt, or expired by the memory's own event expiry
      } catch (SdkException e) {
        throw AgentCoreErrors.classify(operation, memoryId, e);
      }
    });
  }

  private List<String> listActors() {
    return calls.call(Operation.MEMORY_LIST, () -> {
      try {
        List<String> actors = new ArrayList<>();
        String next = null;
        do {
          String token = next;
          var page = client.listActors(r -> r.memoryId(memoryId).maxResults(LIST_PAGE).nextToken(token));
          page.actorSummaries().forEach(a -> actors.add(a.actorId()));
          next = page.nextToken();
        } while (next != null);
        return actors;
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("ListActors", memoryId, e);
      }
    });
  }

  private List<String> listSessions(String actor) {
    return calls.call(Operation.MEMORY_LIST, () -> {
      try {
        List<String> sessions = new ArrayList<>();
        String next = null;
        do {
          String token = next;
          var page = client.listSessions(r -> r.memoryId(memoryId).actorId(actor).maxResults(LIST_PAGE)
              .nextToken(token));
          page.sessionSummaries().forEach(session -> sessions.add(session.sessionId()));
          next = page.nextToken();
        } while (next != null);
        return sessions;
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("ListSessions", memoryId, e);
      }
    });
  }

  private List<software.amazon.awssdk.services.bedrockagentcore.model.Event> listEvents(String actor, String session) {
    return calls.call(Operation.MEMORY_LIST, () -> {
      try {
        List<software.amazon.awssdk.services.bedrockagentcore.model.Event> events = new ArrayList<>();
        String next = null;
        do {
          String token = next;
          var page = client.listEvents(r -> r.memoryId(memoryId).actorId(actor).sessionId(session)
              .includePayloads(false).maxResults(LIST_PAGE).nextToken(token));
          events.addAll(page.events());
          next = page.nextToken();
        } while (next != null);
        return events;
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("ListEvents", memoryId, e);
      }
    });
  }

  private List<MemoryRecordSummary> listRecords(String namespace) {
    return calls.call(Operation.MEMORY_LIST, () -> {
      try {
        List<MemoryRecordSummary> records = new ArrayList<>();
        String next = null;
        do {
          String token = next;
          var page = client.listMemoryRecords(r -> r.memoryId(memoryId).namespace(namespace).maxResults(LIST_PAGE)
              .nextToken(token));
          records.addAll(page.memoryRecordSummaries());
          next = page.nextToken();
        } while (next != null);
        return records;
      } catch (SdkException e) {
        throw AgentCoreErrors.classify("ListMemoryRecords", memoryId, e);
      }
    });
  }

  private static String eventRun(software.amazon.awssdk.services.bedrockagentcore.model.Event event) {
    if (!event.hasMetadata()) {
      return null;
    }
    MetadataValue value = event.metadata().get(META_RUN_ID);
    return value == null || value.stringValue() == null || value.stringValue().isBlank() ? null : value.stringValue();
  }

  // --- recording -----------------------------------------------------------------------------------------

  CreateEventRequest toCreateEvent(MemoryEntry entry) {
    Objects.requireNonNull(entry, "entry");
    requireText(entry.id(), "MemoryEntry.id");
    requireText(entry.namespace(), "MemoryEntry.namespace");
    requireText(entry.runId(), "MemoryEntry.runId");
    requireText(entry.text(), "MemoryEntry.text");
    if (!AgentCoreIds.isValidActorId(entry.namespace())) {
      throw new IllegalArgumentException("MemoryEntry.namespace '" + entry.namespace() + "' is not an AgentCore "
          + "actor id: letters, digits, '-', '_', '/' and ':' only, starting with a letter or digit, at most "
          + AgentCoreIds.MAX_ACTOR_ID + " characters");
    }
    Map<String, MetadataValue> metadata = new LinkedHashMap<>();
    putIfPresent(metadata, META_RUN_ID, entry.runId());
    putIfPresent(metadata, META_PHASE, entry.phase());
    putIfPresent(metadata, META_STATUS, entry.status());
    putIfPresent(metadata, META_COMPETITOR, entry.competitorId());
    Instant at = entry.recordedAt() != null ? entry.recordedAt() : clock.instant();
    return CreateEventRequest.builder()
        .memoryId(memoryId)
        .actorId(entry.namespace())
        .sessionId(AgentCoreIds.sessionId(entry.runId(), entry.phase()))
        .eventTimestamp(at)
        .payload(PayloadType.fromConversational(c -> c.content(Content.fromText(entry.text())).role(Role.ASSISTANT)))
        .metadata(metadata)
        .clientToken(AgentCoreIds.eventClientToken(memoryId, entry.id()))
        .build();
  }

  private static void putIfPresent(Map<String, MetadataValue> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, MetadataValue.fromStringValue(value));
    }
  }

  // --- searching -----------------------------------------------------------------------------------------

  /** How many records to ask for: enough that namespace and run filters leave the query's topK. */
  private int depth(MemoryQuery query) {
    boolean runFilter = query.onlyRunId() != null || query.excludeRunId() != null;
    long wanted = runFilter ? 3L * query.topK() : 2L * query.topK();
    return (int) Math.min(AgentCoreProperties.MAX_TOP_K, Math.max(wanted, topKDefault));
  }

  /**
   * The record's namespace that is the asked one or below it, or null if it has none (the service's prefix match
   * also returns {@code competitors/acme-corp} for {@code competitors/acme}). A record without namespaces is
   * taken to be in the asked one.
   */
  private static String namespaceWithin(MemoryRecordSummary record, String namespace) {
    if (!record.hasNamespaces() || record.namespaces().isEmpty()) {
      return namespace;
    }
    for (String candidate : record.namespaces()) {
      String trimmed = stripSlashes(candidate);
      if (trimmed.equals(namespace) || trimmed.startsWith(namespace + "/")) {
        return trimmed;
      }
    }
    return null;
  }

  private static boolean passesRunFilters(MemoryRecordSummary record, String recordNamespace, MemoryQuery query) {
    if (query.onlyRunId() != null && !Boolean.TRUE.equals(belongsToRun(record, recordNamespace, query.namespace(),
        query.onlyRunId()))) {
      return false;
    }
    return query.excludeRunId() == null || !Boolean.TRUE.equals(belongsToRun(record, recordNamespace,
        query.namespace(), query.excludeRunId()));
  }

  /** TRUE or FALSE when the record tells its run (metadata, or a session namespace); null when it cannot be told. */
  private static Boolean belongsToRun(MemoryRecordSummary record, String recordNamespace, String namespace,
      String runId) {
    String recordRun = metadata(record, META_RUN_ID);
    if (recordRun != null) {
      return recordRun.equals(runId);
    }
    if (recordNamespace.length() > namespace.length()) {
      String session = recordNamespace.substring(namespace.length() + 1);
      if (session.indexOf('/') < 0) {
        return AgentCoreIds.sessionBelongsToRun(session, runId) ? Boolean.TRUE : null;
      }
    }
    return null;
  }

  private static MemoryEntry toEntry(MemoryRecordSummary record, String namespace) {
    String competitor = metadata(record, META_COMPETITOR);
    // a watch list's own namespaces start lists/<name>/ (MemoryEntry.inWatchList)
    String withinList = namespace.startsWith(MemoryEntry.WATCH_LIST_PREFIX) && namespace.indexOf('/',
        MemoryEntry.WATCH_LIST_PREFIX.length()) > 0
        ? namespace.substring(namespace.indexOf('/', MemoryEntry.WATCH_LIST_PREFIX.length()) + 1) : namespace;
    if (competitor == null && withinList.startsWith(COMPETITOR_PREFIX)
        && withinList.length() > COMPETITOR_PREFIX.length()) {
      competitor = withinList.substring(COMPETITOR_PREFIX.length());
    }
    return new MemoryEntry(
        record.memoryRecordId(),
        namespace,
        metadata(record, META_RUN_ID),
        metadata(record, META_PHASE),
        competitor,
        metadata(record, META_STATUS),
        record.content() == null ? "" : record.content().text(),
        record.createdAt());
  }

  private static String metadata(MemoryRecordSummary record, String key) {
    if (!record.hasMetadata()) {
      return null;
    }
    MetadataValue value = record.metadata().get(key);
    return value == null || value.stringValue() == null || value.stringValue().isBlank() ? null : value.stringValue();
  }

  private static String stripSlashes(String namespace) {
    int start = 0;
    int end = namespace.length();
    while (start < end && namespace.charAt(start) == '/') {
      start++;
    }
    while (end > start && namespace.charAt(end - 1) == '/') {
      end--;
    }
    return namespace.substring(start, end);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }
}
