package dev.threadline.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.conversation.ConversationSummary;
import dev.threadline.projection.conversation.LineageLink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The tree of forks and clones a conversation belongs to, from its root; only the caller's conversations. */
@RestController
class LineageQueryController {

    private final ReactiveMongoTemplate mongo;

    LineageQueryController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One conversation in the tree, with how it was made from its parent and what was made from it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Node(
            String id,
            String title,
            String atMessageId,
            Integer keptParts,
            String fromCompaction,
            String editedMessageId,
            boolean deleted,
            List<Node> children) {}

    @GetMapping("/api/conversations/{id}/lineage")
    Mono<Node> lineage(UserId caller, @PathVariable String id) {
        Mono<Map<String, ConversationSummary>> mine = mongo.find(
                        Query.query(where("ownerId").is(caller.value())), ConversationSummary.class)
                .collectMap(ConversationSummary::id, Function.identity());
        Mono<List<LineageLink>> links = mongo.findAll(LineageLink.class).collectList();
        return Mono.zip(mine, links).flatMap(loaded -> {
            Map<String, ConversationSummary> conversations = loaded.getT1();
            ConversationSummary start = conversations.get(id);
            if (start == null || start.deleted()) {
                return Mono.error(DomainException.notFound("Conversation not found"));
            }
            Map<String, LineageLink> linkOf = loaded.getT2().stream()
                    .filter(link -> conversations.containsKey(link.id()))
                    .collect(Collectors.toMap(LineageLink::id, Function.identity()));
            String root = id;
            Set<String> seen = new HashSet<>();
            while (linkOf.containsKey(root)
                    && conversations.containsKey(linkOf.get(root).sourceId())
                    && seen.add(root)) {
                root = linkOf.get(root).sourceId();
            }
            return Mono.just(node(root, conversations, linkOf));
        });
    }

    private static Node node(
            String id, Map<String, ConversationSummary> conversations, Map<String, LineageLink> links) {
        List<Node> children = new ArrayList<>();
        links.values().stream()
                .filter(link -> link.sourceId().equals(id))
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .forEach(link -> children.add(node(link.id(), conversations, links)));
        LineageLink link = links.get(id);
        ConversationSummary conversation = conversations.get(id);
        return new Node(
                id,
                conversation.title(),
                link == null ? null : link.atMessageId(),
                link == null ? null : link.keptParts(),
                link == null ? null : link.fromCompaction(),
                link == null ? null : link.editedMessageId(),
                conversation.deleted(),
                children);
    }
}
