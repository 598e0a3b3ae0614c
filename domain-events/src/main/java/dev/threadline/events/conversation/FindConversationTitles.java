package dev.threadline.events.conversation;

import dev.threadline.events.identity.UserId;
import java.util.Objects;

/** Query: the titles of the owner's live conversations (fork titles take the lowest free slot). */
public record FindConversationTitles(UserId ownerId) {

    public FindConversationTitles {
        Objects.requireNonNull(ownerId, "ownerId");
    }
}
