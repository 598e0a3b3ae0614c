package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.CommandSender;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.PartType;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.live.TurnFrame;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A crashed node's turn, saved from the frames it had relayed, against a real (in-memory) Axon event store. */
class InterruptedTurnsTest {

    private static final UserId OWNER = new UserId("owner");

    private final InMemoryAxon axon = InMemoryAxon.of(Conversation.class);
    private final CommandSender commands = axon.commands;
    private final InterruptedTurns interrupted =
            new InterruptedTurns(commands, new ObjectMapper(), axon.configuration.repository(Conversation.class));

    @AfterEach
    void stop() {
        axon.close();
    }

    private ConversationId conversationWithRunningTurn(TurnId turn) {
        ConversationId id = ConversationId.random();
        commands.send(new StartConversation(id, OWNER, "Crash", null, null)).block();
        commands.send(new StartTurn(id, OWNER, turn, MessageId.random(), "hi", null, Instant.EPOCH))
                .block();
        return id;
    }

    private static List<TurnFrame> relayed(TurnId turn) {
        return List.of(
                TurnFrame.of("turn_start", "turn_id", turn.value(), "version", 2),
                TurnFrame.of("thinking", "content", "Let me "),
                TurnFrame.of("thinking", "content", "look."),
                TurnFrame.of("tool_call", "call_id", "c1", "tool", "search", "arguments", Map.of("q", "soup")),
                TurnFrame.of("tool_result", "call_id", "c1", "result", "3 recipes", "status", "completed"),
                TurnFrame.of("token", "content", "Here "),
                TurnFrame.of("token", "content", "are"));
    }

    @Test
    void thePartialAnswerIsSavedAsInterruptedFromTheRelayedFrames() {
        TurnId turn = TurnId.random();
        ConversationId id = conversationWithRunningTurn(turn);

        assertThat(interrupted.save(id, relayed(turn)).block()).isTrue();

        AssistantMessageRecorded answer = axon.events(id).stream()
                .filter(AssistantMessageRecorded.class::isInstance)
                .map(AssistantMessageRecorded.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(answer.interrupted()).isTrue();
        assertThat(answer.interruptionReason()).isEqualTo(InterruptedTurns.SERVER_STOPPED);
        assertThat(answer.content()).isEqualTo("Here are");
        assertThat(answer.parts())
                .extracting(part -> part.type())
                .containsExactly(PartType.REASONING, PartType.TOOL_CALL, PartType.TEXT);
        assertThat(answer.parts().get(0).content()).isEqualTo("Let me look.");
        assertThat(answer.parts().get(1).status()).isEqualTo(ToolStatus.COMPLETED);
        assertThat(answer.parts().get(1).arguments()).isEqualTo("{\"q\":\"soup\"}");
        assertThat(axon.events(id))
                .last()
                .isEqualTo(new TurnEnded(id, turn, TurnOutcome.INTERRUPTED, InterruptedTurns.SERVER_STOPPED));
    }

    @Test
    void aTurnIsSavedOnceWhoeverTriesAgain() {
        TurnId turn = TurnId.random();
        ConversationId id = conversationWithRunningTurn(turn);

        assertThat(interrupted.save(id, relayed(turn)).block()).isTrue();
        assertThat(interrupted.save(id, relayed(turn)).block()).isFalse();

        assertThat(axon.events(id).stream().filter(AssistantMessageRecorded.class::isInstance))
                .hasSize(1);
    }

    @Test
    void framesThatLostTheirTurnStartSaveNothingButStillEndTheRunningTurn() {
        TurnId turn = TurnId.random();
        ConversationId id = conversationWithRunningTurn(turn);

        assertThat(interrupted.save(id, relayed(turn).subList(1, 4)).block()).isTrue();

        assertThat(axon.events(id).stream().filter(AssistantMessageRecorded.class::isInstance))
                .isEmpty();
        assertThat(axon.events(id))
                .last()
                .isEqualTo(new TurnEnded(id, turn, TurnOutcome.INTERRUPTED, InterruptedTurns.SERVER_STOPPED));
        commands.send(new StartTurn(id, OWNER, TurnId.random(), MessageId.random(), "next", null, Instant.EPOCH))
                .block();
    }

    @Test
    void framesWithoutATurnStartSaveNothingWhereNoTurnRunsAndNoFramesEndNothing() {
        ConversationId id = conversationWithRunningTurn(TurnId.random());
        ConversationId unknown = ConversationId.random();
        TurnId turn = TurnId.random();

        assertThat(interrupted.save(unknown, relayed(turn).subList(1, 4)).block())
                .isFalse();
        assertThat(interrupted.save(unknown, relayed(turn)).block()).isFalse();
        assertThat(interrupted.save(id, List.of()).block()).isFalse();
        assertThat(axon.events(id)).noneMatch(TurnEnded.class::isInstance);
    }
}
