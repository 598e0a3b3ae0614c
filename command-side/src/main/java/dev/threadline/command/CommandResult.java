package dev.threadline.command;

/**
 * What every command answers: the id of what it created or changed and the aggregate's version after it. Queries
 * accept that version as {@code minVersion} so a client reads its own writes.
 */
public record CommandResult(String id, long version) {}
