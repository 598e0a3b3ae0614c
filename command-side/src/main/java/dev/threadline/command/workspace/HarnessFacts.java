package dev.threadline.command.workspace;

import dev.threadline.events.harness.HarnessId;

/**
 * What a workspace needs of a harness the owner was checked to own: its name (a fallback workspace name) and the
 * sandbox an agent harness already has, which a workspace bound to it adopts unless given one.
 */
public record HarnessFacts(HarnessId harnessId, String name, String sandboxToAdopt) {}
