package dev.threadline.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.conversation.Compaction;
import dev.threadline.projection.conversation.ConversationSummary;
import dev.threadline.projection.conversation.Transcript;
import dev.threadline.projection.conversation.TranscriptMessage;
import dev.threadline.query.ReadYourWrites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reads of a person's conversations: the list, one conversation, its transcript. */
@RestController
@RequestMapping("/api/conversations")
class ConversationQueryController {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_PINNED = 100;

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    ConversationQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    /** Pinned conversations first (newest pin first, on the first page), then the rest by last activity. */
    @GetMapping
    Mono<ConversationPage> list(
            UserId caller,
            @RequestParam(required = false) String workspaceId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            return Mono.error(DomainException.invalid("limit must be between 1 and " + MAX_PAGE_SIZE));
        }
        Criteria mine = where("ownerId").is(caller.value()).and("deleted").is(false);
        if (workspaceId != null) {
            mine = mine.and("workspaceId").is(workspaceId);
        }
        Mono<List<ConversationSummary>> pinned = cursor != null
                ? Mono.just(List.of())
                : mongo.find(
                                Query.query(Criteria.where("pinnedAt").ne(null).andOperator(mine))
                                        .with(Sort.by(Sort.Direction.DESC, "pinnedAt"))
                                        .limit(MAX_PINNED),
                                ConversationSummary.class)
                        .collectList();
        Query recent = Query.query(
                        new Criteria().andOperator(mine, where("pinnedAt").is(null), after(cursor)))
                .with(Sort.by(Sort.Direction.DESC, "lastMessageAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .limit(limit + 1);
        Mono<List<ConversationSummary>> unpinned =
                mongo.find(recent, ConversationSummary.class).collectList();
        return Mono.zip(pinned, unpinned).map(lists -> {
            List<ConversationSummary> rest = lists.getT2();
            boolean more = rest.size() > limit;
            List<ConversationSummary> page = more ? rest.subList(0, limit) : rest;
            List<ConversationView> items = new ArrayList<>();
            lists.getT1().forEach(summary -> items.add(ConversationView.of(summary)));
            page.forEach(summary -> items.add(ConversationView.of(summary)));
            return new ConversationPage(items, more ? cursorOf(page.get(page.size() - 1)) : null);
        });
    }

    @GetMapping("/{id}")
    Mono<ConversationView> get(
            UserId caller, @PathVariable String id, @RequestParam(required = false) Long minVersion) {
        Mono<ConversationSummary> summary = mongo.findById(id, ConversationSummary.class);
        return readYourWrites
                .read(summary, ConversationSummary::version, minVersion)
                .filter(found -> found.ownerId().equals(caller.value()) && !found.deleted())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("Conversation not found")))
                .map(ConversationView::of);
    }

    @GetMapping("/{id}/messages")
    Mono<TranscriptView> messages(
            UserId caller, @PathVariable String id, @RequestParam(required = false) Long minVersion) {
        Mono<Transcript> head = mongo.findById(id, Transcript.class);
        return readYourWrites
                .read(head, Transcript::version, minVersion)
                .filter(found -> found.ownerId().equals(caller.value()) && !found.deleted())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("Conversation not found")))
                .flatMap(found -> mongo.find(
                                Query.query(where("conversationId").is(id))
                                        .with(Sort.by("position"))
                                        .limit((int) Math.min(Integer.MAX_VALUE, found.messageCount() + 1)),
                                TranscriptMessage.class)
                        .filter(message -> message.position() <= found.messageCount())
                        .map(TranscriptView.MessageView::of)
                        .collectList()
                        .map(messages -> TranscriptView.of(id, found.version(), messages)));
    }

    /** The conversation's compactions, oldest first. */
    @GetMapping("/{id}/compactions")
    Mono<List<Compaction>> compactions(UserId caller, @PathVariable String id) {
        return mongo.find(
                        Query.query(where("conversationId")
                                        .is(id)
                                        .and("ownerId")
                                        .is(caller.value()))
                                .with(Sort.by("createdAt")),
                        Compaction.class)
                .collectList();
    }

    private static Criteria after(String cursor) {
        if (cursor == null) {
            return new Criteria();
        }
        String[] fields;
        try {
            fields = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Instant at = Instant.ofEpochMilli(Long.parseLong(fields[0]));
            return new Criteria()
                    .orOperator(
                            where("lastMessageAt").lt(at),
                            where("lastMessageAt").is(at).and("_id").lt(fields[1]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw DomainException.invalid("cursor is not one this API gave out");
        }
    }

    private static String cursorOf(ConversationSummary last) {
        String raw = last.lastMessageAt().toEpochMilli() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
