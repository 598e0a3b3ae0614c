package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.STRANGER;
import static dev.threadline.command.conversation.ConversationFixtures.TURN;
import static dev.threadline.command.conversation.ConversationFixtures.conversationWithMessages;
import static dev.threadline.command.conversation.ConversationFixtures.conversationWithRunningTurn;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.ConversationFixtures.started;

import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.UserMessagePosted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostUserMessageTest {

    private static final MessageId MESSAGE = new MessageId("m-new");

    @Test
    void givenTwoMessages_whenPost_thenPostedAtPositionThree() {
        fixture()
                .given(conversationWithMessages(2))
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "hello", null, Instant.EPOCH))
                .expectEvents(new UserMessagePosted(CONVERSATION, MESSAGE, 3, OWNER, "hello", List.of()))
                .expectResultMessagePayload(new CommandResult(MESSAGE.value(), 3));
    }

    @Test
    void givenConversation_whenPostExactlyTheLimit_thenPosted() {
        String content = "a".repeat(16_000);
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, content, null, Instant.EPOCH))
                .expectEvents(new UserMessagePosted(CONVERSATION, MESSAGE, 1, OWNER, content, List.of()));
    }

    @Test
    void givenConversation_whenPostOverTheLimit_thenTooLarge() {
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "a".repeat(16_001), null, Instant.EPOCH))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("Message too long (16,001 characters). Maximum is 16,000.");
    }

    @Test
    void givenConversation_whenPostBlank_thenInvalid() {
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "  ", null, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Message is empty");
    }

    @Test
    void givenConversation_whenPostOnlyAnAttachment_thenPosted() {
        Attachment file = new Attachment("s-1", "image/png", "a.png", 10);
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "", List.of(file), Instant.EPOCH))
                .expectEvents(new UserMessagePosted(CONVERSATION, MESSAGE, 1, OWNER, "", List.of(file)));
    }

    @Test
    void givenConversation_whenAnAttachmentIsNull_thenInvalid() {
        List<Attachment> attachments = new ArrayList<>();
        attachments.add(null);
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "hi", attachments, Instant.EPOCH))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("An attachment must not be null");
    }

    @Test
    void givenConversation_whenStrangerPosts_thenNotFound() {
        fixture()
                .given(started())
                .when(new PostUserMessage(CONVERSATION, STRANGER, MESSAGE, "hello", null, Instant.EPOCH))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("Conversation not found");
    }

    @Test
    void givenDeletedConversation_whenPost_thenNotFound() {
        fixture()
                .given(started(), new ConversationDeleted(CONVERSATION))
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "hello", null, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Conversation not found");
    }

    @Test
    void givenARunningTurn_whenPost_thenConflict() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "meanwhile", null, Instant.EPOCH))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("A turn is running; wait for it to finish, then post your message");
    }

    @Test
    void givenAnAbandonedTurn_whenPost_thenTheTurnEndsAndTheMessageIsPosted() {
        // The running turn started before the abandonment horizon: its node is gone and it must not block.
        fixture()
                .given(conversationWithRunningTurn())
                .when(new PostUserMessage(
                        CONVERSATION,
                        OWNER,
                        MESSAGE,
                        "anyone there?",
                        null,
                        Instant.now().plusSeconds(60)))
                .expectEvents(
                        new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, Conversation.ABANDONED),
                        new UserMessagePosted(CONVERSATION, MESSAGE, 2, OWNER, "anyone there?", List.of()));
    }

    @Test
    void givenATurnThatEnded_whenPost_thenPostedAfterIt() {
        List<Object> history = new ArrayList<>(conversationWithRunningTurn());
        history.add(new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, "Client disconnected"));
        fixture()
                .given(history)
                .when(new PostUserMessage(CONVERSATION, OWNER, MESSAGE, "next", null, Instant.EPOCH))
                .expectEvents(new UserMessagePosted(CONVERSATION, MESSAGE, 2, OWNER, "next", List.of()));
    }
}
