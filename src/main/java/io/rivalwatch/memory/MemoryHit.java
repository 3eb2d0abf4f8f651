package io.rivalwatch.memory;

/** A remembered entry and how closely it matched the question (higher is closer). */
public record MemoryHit(MemoryEntry entry, double score) {}
