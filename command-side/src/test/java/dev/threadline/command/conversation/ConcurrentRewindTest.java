package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** A rewind and a post racing on one conversation: both apply, in one order, and nothing is lost or half-applied. */
class ConcurrentRewindTest {

    private static final UserId OWNER = new UserId("owner");

    private final InMemoryAxon axon = InMemoryAxon.of(Conversation.class);
    private final CommandSender commands = axon.commands;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        axon.close();
    }

    @RepeatedTest(20)
    void rewindAndPostRacing() throws Exception {
        ConversationId id = ConversationId.random();
        commands.send(new StartConversation(id, OWNER, "Race", null, null)).block();
        MessageId first = MessageId.random();
        commands.send(new PostUserMessage(id, OWNER, first, "one", null, Instant.EPOCH))
                .block();
        commands.send(new PostUserMessage(id, OWNER, MessageId.random(), "two", null, Instant.EPOCH))
                .block();
        MessageId racer = MessageId.random();
        CountDownLatch go = new CountDownLatch(1);

        Future<CommandResult> rewind = pool.submit(() -> {
            go.await();
            return commands.send(new RewindConversation(id, OWNER, first, false, Instant.EPOCH))
                    .block();
        });
        Future<CommandResult> post = pool.submit(() -> {
            go.await();
            return commands.send(new PostUserMessage(id, OWNER, racer, "three", null, Instant.EPOCH))
                    .block();
        });
        go.countDown();
        rewind.get();
        post.get();

        List<ConversationHistory.RecordedMessage> messages =
                new ConversationHistory(axon.configuration.eventStore()).messages(id);
        List<MessageId> ids = messages.stream()
                .map(ConversationHistory.RecordedMessage::messageId)
                .toList();
        // Either the post came first (and was rewound away) or the rewind did (and the post follows "one").
        assertThat(ids).isIn(List.of(first), List.of(first, racer));
    }
}
