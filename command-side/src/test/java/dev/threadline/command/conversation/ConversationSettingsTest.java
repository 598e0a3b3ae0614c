package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.STRANGER;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.ConversationFixtures.started;

import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationPinned;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationUnpinned;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rename, pin, unpin and delete: each happy path and each rejection. */
class ConversationSettingsTest {

    @Nested
    class RenameConversationTest {

        @Test
        void givenConversation_whenRename_thenRenamed() {
            fixture()
                    .given(started())
                    .when(new RenameConversation(CONVERSATION, OWNER, " Soups "))
                    .expectEvents(new ConversationRenamed(CONVERSATION, "Soups"))
                    .expectResultMessagePayload(new CommandResult(CONVERSATION.value(), 1));
        }

        @Test
        void givenConversation_whenRenameBlank_thenDefaultTitle() {
            fixture()
                    .given(started())
                    .when(new RenameConversation(CONVERSATION, OWNER, ""))
                    .expectEvents(new ConversationRenamed(CONVERSATION, "New conversation"));
        }

        @Test
        void givenConversation_whenRenameTooLong_thenInvalid() {
            fixture()
                    .given(started())
                    .when(new RenameConversation(CONVERSATION, OWNER, "x".repeat(201)))
                    .expectNoEvents()
                    .expectException(DomainException.class);
        }

        @Test
        void givenConversation_whenStrangerRenames_thenNotFound() {
            fixture()
                    .given(started())
                    .when(new RenameConversation(CONVERSATION, STRANGER, "Mine"))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }
    }

    @Nested
    class PinConversationTest {

        @Test
        void givenConversation_whenPin_thenPinned() {
            fixture()
                    .given(started())
                    .when(new PinConversation(CONVERSATION, OWNER))
                    .expectEvents(new ConversationPinned(CONVERSATION));
        }

        @Test
        void givenPinned_whenPinAgain_thenPinnedAgainWithNewPinTime() {
            fixture()
                    .given(started(), new ConversationPinned(CONVERSATION))
                    .when(new PinConversation(CONVERSATION, OWNER))
                    .expectEvents(new ConversationPinned(CONVERSATION));
        }

        @Test
        void givenConversation_whenStrangerPins_thenNotFound() {
            fixture()
                    .given(started())
                    .when(new PinConversation(CONVERSATION, STRANGER))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }
    }

    @Nested
    class UnpinConversationTest {

        @Test
        void givenPinned_whenUnpin_thenUnpinned() {
            fixture()
                    .given(started(), new ConversationPinned(CONVERSATION))
                    .when(new UnpinConversation(CONVERSATION, OWNER))
                    .expectEvents(new ConversationUnpinned(CONVERSATION));
        }

        @Test
        void givenNotPinned_whenUnpin_thenNothingHappens() {
            fixture()
                    .given(started())
                    .when(new UnpinConversation(CONVERSATION, OWNER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void givenPinned_whenStrangerUnpins_thenNotFound() {
            fixture()
                    .given(started(), new ConversationPinned(CONVERSATION))
                    .when(new UnpinConversation(CONVERSATION, STRANGER))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }
    }

    @Nested
    class DeleteConversationTest {

        @Test
        void givenConversation_whenDelete_thenDeleted() {
            fixture()
                    .given(started())
                    .when(new DeleteConversation(CONVERSATION, OWNER))
                    .expectEvents(new ConversationDeleted(CONVERSATION));
        }

        @Test
        void givenDeleted_whenDeleteAgain_thenNotFound() {
            fixture()
                    .given(started(), new ConversationDeleted(CONVERSATION))
                    .when(new DeleteConversation(CONVERSATION, OWNER))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }

        @Test
        void givenConversation_whenStrangerDeletes_thenNotFound() {
            fixture()
                    .given(started())
                    .when(new DeleteConversation(CONVERSATION, STRANGER))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }
    }
}
