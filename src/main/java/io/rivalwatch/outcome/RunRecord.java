package io.rivalwatch.outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of how a run ended, kept with its artefacts.
 *
 * @param status "delivered", "rejected" or "failed"
 * @param details what led there: deliveries per channel, the review decision, or the failure's step and message
 * @param artefacts every artefact the run produced, all kept
 */
public record RunRecord(
    String runId, String status, Instant recordedAt, Map<String, String> details, List<String> artefacts) {}
