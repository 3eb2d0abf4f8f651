package io.rivalwatch.api;

import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.recovery.ParkedItemRetries;
import io.rivalwatch.resilience.ParkedItems;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists a run's parked items and retries them (see docs/failures-and-retries.md, "Parked items"). */
@RestController
public class ParkedItemsController {

  private final ParkedItems parked;
  private final ParkedItemRetries retries;
  private final AuditTrail audit;
  private final Clock clock;

  public ParkedItemsController(ParkedItems parked, ParkedItemRetries retries, AuditTrail audit, Clock clock) {
    this.parked = parked;
    this.retries = retries;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/api/runs/{runId}/parked")
  public List<ParkedItems.Item> parked(@PathVariable String runId) {
    return parked.list(runId);
  }

  @PostMapping("/api/runs/{runId}/parked/retry")
  public List<ParkedItemRetries.Outcome> retry(@PathVariable String runId, Principal principal) {
    List<ParkedItemRetries.Outcome> outcomes = retries.retry(runId);
    // each request is its own action: a fresh entry id (a request has no id that a repeat would share)
    audit.record("parked-items-retried-" + clock.millis() + "-" + java.util.UUID.randomUUID(), new AuditEntry(runId,
        clock.instant(), RunController.actor(principal), AuditAction.PARKED_ITEMS_RETRIED, Map.of(
            "items", String.valueOf(outcomes.size()),
            "retried", outcomes.stream().map(o -> o.competitorId() + "/" + o.item() + ": " + o.result())
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.joining(", "),
                    text -> text.length() > 500 ? text.substring(0, 500) + "..." : text)))));
    return outcomes;
  }
}
