package dev.threadline.events.conversation;

import java.math.BigDecimal;

/** Token counts (and cost, when the provider reports it) of one turn. Owner-private. */
public record Usage(long promptTokens, long completionTokens, long totalTokens, BigDecimal cost) {}
