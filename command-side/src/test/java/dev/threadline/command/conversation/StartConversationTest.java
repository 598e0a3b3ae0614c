package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;

import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.workspace.WorkspaceId;
import org.junit.jupiter.api.Test;

class StartConversationTest {

    @Test
    void givenNothing_whenStart_thenStartedWithTitleAndReferences() {
        fixture()
                .givenNoPriorActivity()
                .when(new StartConversation(
                        CONVERSATION, OWNER, "  Recipes  ", new WorkspaceId("w-1"), new HarnessId("h-1")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConversationStarted(
                        CONVERSATION, OWNER, "Recipes", new WorkspaceId("w-1"), new HarnessId("h-1")))
                .expectResultMessagePayload(new CommandResult(CONVERSATION.value(), 0));
    }

    @Test
    void givenNothing_whenStartWithoutTitle_thenDefaultTitle() {
        fixture()
                .givenNoPriorActivity()
                .when(new StartConversation(CONVERSATION, OWNER, " ", null, null))
                .expectEvents(new ConversationStarted(CONVERSATION, OWNER, "New conversation", null, null));
    }

    @Test
    void givenNothing_whenStartWithTooLongTitle_thenRejected() {
        fixture()
                .givenNoPriorActivity()
                .when(new StartConversation(CONVERSATION, OWNER, "x".repeat(201), null, null))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("Title must be at most 200 characters");
    }
}
