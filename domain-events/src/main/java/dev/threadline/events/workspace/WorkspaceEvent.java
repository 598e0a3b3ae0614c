package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;

/** Every event about a person's workspaces names the owner; they are all events of one aggregate per owner. */
public interface WorkspaceEvent {

    UserId ownerId();
}
