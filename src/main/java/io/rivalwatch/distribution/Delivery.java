package io.rivalwatch.distribution;

import java.time.Instant;

/**
 * The ledger entry of one channel for one run: written once, after the channel delivered, so a repeated job
 * (crash, timeout, retry) never sends twice.
 */
public record Delivery(String channel, String status, Instant deliveredAt) {}
