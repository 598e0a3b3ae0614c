package dev.threadline.command.conversation;

import dev.threadline.command.AggregateReader;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Time travel, read straight from the event log (the command side's own history, not a read model): the versions of
 * a conversation, and its messages as they were at any of them. Owner only.
 */
@RestController
@RequestMapping("/api/conversations/{id}")
class ConversationVersionsQueryController {

    private final AggregateReader<Conversation> conversations;
    private final ConversationHistory history;
    private final EventStore eventStore;

    ConversationVersionsQueryController(
            @Qualifier("conversationRepository") Repository<Conversation> conversations,
            ConversationHistory history,
            EventStore eventStore) {
        this.conversations = new AggregateReader<>(conversations);
        this.history = history;
        this.eventStore = eventStore;
    }

    /** One version: the event that made it and when. */
    record Version(long version, String event, Instant at) {}

    /** The conversation's messages as they were at {@code version}. */
    record MessagesAt(String conversationId, long version, List<ConversationHistory.RecordedMessage> messages) {}

    @GetMapping("/versions")
    Mono<List<Version>> versions(UserId caller, @PathVariable String id) {
        return ownerOnly(caller, id, () -> {
            List<Version> versions = new ArrayList<>();
            eventStore
                    .readEvents(id, 0)
                    .asStream()
                    .forEach(event -> versions.add(new Version(
                            event.getSequenceNumber(), event.getPayloadType().getSimpleName(), event.getTimestamp())));
            return versions;
        });
    }

    /**
     * One rewind or mid-message cut: its version (fork at {@code version - 1} to get back what it dropped), and the
     * version of the undo that brought the dropped messages back, if any.
     */
    record Rewind(long version, String event, Instant at, List<String> dropped, Long undoneAt) {}

    /** Every rewind and cut of the conversation, oldest first, with what each dropped and whether it was undone. */
    @GetMapping("/rewinds")
    Mono<List<Rewind>> rewinds(UserId caller, @PathVariable String id) {
        return ownerOnly(caller, id, () -> {
            List<Rewind> rewinds = new ArrayList<>();
            eventStore.readEvents(id, 0).asStream().forEach(event -> {
                List<MessageId> dropped = null;
                if (event.getPayload() instanceof ConversationRewound rewound) {
                    dropped = rewound.dropped();
                } else if (event.getPayload() instanceof AssistantMessageTruncated truncated) {
                    dropped = truncated.dropped();
                } else if (event.getPayload() instanceof ConversationRewindUndone undone) {
                    rewinds.replaceAll(rewind -> rewind.version() == undone.rewindVersion()
                            ? new Rewind(
                                    rewind.version(),
                                    rewind.event(),
                                    rewind.at(),
                                    rewind.dropped(),
                                    event.getSequenceNumber())
                            : rewind);
                }
                if (dropped != null) {
                    rewinds.add(new Rewind(
                            event.getSequenceNumber(),
                            event.getPayloadType().getSimpleName(),
                            event.getTimestamp(),
                            dropped.stream().map(MessageId::value).toList(),
                            null));
                }
            });
            return rewinds;
        });
    }

    @GetMapping("/versions/{version}")
    Mono<MessagesAt> at(UserId caller, @PathVariable String id, @PathVariable long version) {
        if (version < 0) {
            return Mono.error(DomainException.invalid("version must not be negative"));
        }
        return ownerOnly(
                caller, id, () -> new MessagesAt(id, version, history.messages(new ConversationId(id), version)));
    }

    private <T> Mono<T> ownerOnly(UserId caller, String id, Callable<T> read) {
        return Mono.fromCallable(() -> {
                    conversations
                            .read(id, conversation -> conversation.forkSourceFor(caller))
                            .orElseThrow(() -> DomainException.notFound("Conversation not found"));
                    return read.call();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
