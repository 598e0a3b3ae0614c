package dev.threadline.command.conversation;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.agent.AgentRuntime;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.live.TurnFrame;
import dev.threadline.events.workspace.WorkspaceId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Commands on conversations, and turns streamed as server-sent events. */
@RestController
@RequestMapping("/api/conversations")
class ConversationCommandController {

    private final CommandSender commands;
    private final TurnRunner turns;
    private final ConversationPlacement placement;
    private final ConversationForks forks;
    private final AgentRuntime agent;
    private final Duration heartbeat;

    ConversationCommandController(
            CommandSender commands,
            TurnRunner turns,
            ConversationPlacement placement,
            ConversationForks forks,
            AgentRuntime agent,
            @Value("${threadline.sse.heartbeat:15s}") Duration heartbeat) {
        this.forks = forks;
        this.agent = agent;
        this.commands = commands;
        this.turns = turns;
        this.placement = placement;
        this.heartbeat = heartbeat;
    }

    record StartRequest(String title, String workspaceId, String harnessId) {}

    record UpdateRequest(String title, Boolean pinned) {}

    record MessageRequest(String content, List<Attachment> attachments) {}

    record MoveRequest(String workspaceId) {}

    record RewindRequest(String messageId, Boolean inclusive) {}

    record TruncateRequest(String messageId, Integer keepParts) {}

    record ForkRequest(String messageId, Integer keepParts, Long version, String workspaceId) {}

    record BranchRequest(String messageId, String content) {}

    record CompactionRequest(
            String summary, String trigger, Long atMessageCount, Long preTokens, Long postTokens, String model) {}

    @PostMapping
    Mono<ResponseEntity<CommandResult>> start(UserId caller, @RequestBody(required = false) StartRequest request) {
        StartRequest body = request == null ? new StartRequest(null, null, null) : request;
        WorkspaceId workspaceId = body.workspaceId() == null ? null : new WorkspaceId(body.workspaceId());
        HarnessId harnessId = body.harnessId() == null ? null : new HarnessId(body.harnessId());
        return placement
                .checkNew(caller, workspaceId, harnessId)
                .then(commands.send(
                        new StartConversation(ConversationId.random(), caller, body.title(), workspaceId, harnessId)))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    /** Rewind: keep messages up to {@code messageId}; regenerate ({@code inclusive}): drop it too. */
    @PostMapping("/{id}/rewind")
    Mono<CommandResult> rewind(UserId caller, @PathVariable String id, @RequestBody RewindRequest request) {
        if (request == null || request.messageId() == null) {
            return Mono.error(DomainException.invalid("Give the messageId to rewind to"));
        }
        return commands.send(new RewindConversation(
                        new ConversationId(id),
                        caller,
                        new MessageId(request.messageId()),
                        Boolean.TRUE.equals(request.inclusive()),
                        turns.abandonedBefore()))
                .doOnNext(rewound -> agent.resetSession(new ConversationId(id)));
    }

    /** Mid-message rewind: keep the first {@code keepParts} parts of the last assistant message (a seam). */
    @PostMapping("/{id}/truncate")
    Mono<CommandResult> truncate(UserId caller, @PathVariable String id, @RequestBody TruncateRequest request) {
        if (request == null || request.messageId() == null || request.keepParts() == null) {
            return Mono.error(DomainException.invalid("Give the messageId and keepParts"));
        }
        return commands.send(new TruncateMessage(
                        new ConversationId(id),
                        caller,
                        new MessageId(request.messageId()),
                        request.keepParts(),
                        turns.abandonedBefore()))
                .doOnNext(cut -> agent.resetSession(new ConversationId(id)));
    }

    /**
     * Undo the latest rewind (or regenerate), bringing back what it dropped, while nothing has been added or cut since
     * it; otherwise 409, naming the version to fork from instead.
     */
    @PostMapping("/{id}/rewinds/latest/undo")
    Mono<CommandResult> undoRewind(UserId caller, @PathVariable String id) {
        return commands.send(new UndoRewind(new ConversationId(id), caller, turns.abandonedBefore()))
                .doOnNext(undone -> agent.resetSession(new ConversationId(id)));
    }

    /**
     * Fork into a new conversation: all of it, or up to a message (optionally cut at a part), as it stands or as it was
     * at a {@code version} (e.g. just before a rewind, to get back what it dropped). The source stays.
     */
    @PostMapping("/{id}/forks")
    Mono<ResponseEntity<CommandResult>> fork(
            UserId caller, @PathVariable String id, @RequestBody(required = false) ForkRequest request) {
        ForkRequest body = request == null ? new ForkRequest(null, null, null, null) : request;
        return forks.fork(
                        caller,
                        new ConversationId(id),
                        body.messageId() == null ? null : new MessageId(body.messageId()),
                        body.keepParts(),
                        body.version(),
                        body.workspaceId() == null ? null : new WorkspaceId(body.workspaceId()))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    /** Edit a past user message and resend it: a new branch conversation; the source stays as it was. */
    @PostMapping("/{id}/branches")
    Mono<ResponseEntity<CommandResult>> branch(
            UserId caller, @PathVariable String id, @RequestBody BranchRequest request) {
        if (request == null || request.messageId() == null) {
            return Mono.error(DomainException.invalid("Give the messageId to edit and the new content"));
        }
        return forks.editAndResend(
                        caller, new ConversationId(id), new MessageId(request.messageId()), request.content())
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    /** Record a summary of the conversation so far (at most 100,000 characters are kept). */
    @PostMapping("/{id}/compactions")
    Mono<ResponseEntity<CommandResult>> compact(
            UserId caller, @PathVariable String id, @RequestBody CompactionRequest request) {
        if (request == null || request.summary() == null) {
            return Mono.error(DomainException.invalid("Give the summary"));
        }
        return commands.send(new RecordCompaction(
                        new ConversationId(id),
                        caller,
                        UUID.randomUUID().toString(),
                        request.summary(),
                        request.trigger() == null ? "manual" : request.trigger(),
                        request.atMessageCount(),
                        request.preTokens(),
                        request.postTokens(),
                        request.model()))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    /** Move to the given workspace of the caller's, or to their Default workspace. */
    @PostMapping("/{id}/move")
    Mono<CommandResult> move(
            UserId caller, @PathVariable String id, @RequestBody(required = false) MoveRequest request) {
        String workspaceId = request == null ? null : request.workspaceId();
        return placement
                .target(caller, workspaceId == null ? null : new WorkspaceId(workspaceId))
                .flatMap(target -> commands.send(new MoveConversation(new ConversationId(id), caller, target, false)));
    }

    /** Place a conversation that has no workspace in the caller's Default workspace; answers its workspace. */
    @PostMapping("/{id}/adopt")
    Mono<CommandResult> adopt(UserId caller, @PathVariable String id) {
        return placement
                .target(caller, null)
                .flatMap(target -> commands.send(new MoveConversation(new ConversationId(id), caller, target, true)));
    }

    @PatchMapping("/{id}")
    Mono<CommandResult> update(UserId caller, @PathVariable String id, @RequestBody UpdateRequest request) {
        ConversationId conversationId = new ConversationId(id);
        Mono<CommandResult> result = Mono.empty();
        if (request.title() != null) {
            result = result.then(commands.send(new RenameConversation(conversationId, caller, request.title())));
        }
        if (request.pinned() != null) {
            Object pin = request.pinned()
                    ? new PinConversation(conversationId, caller)
                    : new UnpinConversation(conversationId, caller);
            result = result.then(commands.send(pin));
        }
        return result.switchIfEmpty(Mono.error(DomainException.invalid("Nothing to update: give a title or pinned")));
    }

    @DeleteMapping("/{id}")
    Mono<CommandResult> delete(UserId caller, @PathVariable String id) {
        return commands.send(new DeleteConversation(new ConversationId(id), caller));
    }

    @PostMapping("/{id}/messages")
    Mono<ResponseEntity<CommandResult>> post(
            UserId caller, @PathVariable String id, @RequestBody MessageRequest request) {
        return commands.send(new PostUserMessage(
                        new ConversationId(id),
                        caller,
                        MessageId.random(),
                        request.content(),
                        request.attachments(),
                        turns.abandonedBefore()))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    @PostMapping(path = "/{id}/turns", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> turn(
            UserId caller, @PathVariable String id, @RequestBody MessageRequest request) {
        return turns.start(new ConversationId(id), caller, request.content(), request.attachments())
                .map(frames -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header("Cache-Control", "no-cache")
                        .header("X-Accel-Buffering", "no")
                        .body(asServerSentEvents(frames)));
    }

    /** Frames as SSE with resumable ids, plus heartbeat comments while the turn is quiet. */
    private Flux<ServerSentEvent<Object>> asServerSentEvents(Flux<TurnFrame> frames) {
        AtomicLong ids = new AtomicLong();
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<ServerSentEvent<Object>> events = frames.map(frame -> ServerSentEvent.<Object>builder(frame.data())
                        .id(Long.toString(ids.incrementAndGet()))
                        .event(frame.type())
                        .build())
                .doFinally(signal -> ended.tryEmitEmpty());
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(heartbeat)
                .onBackpressureDrop()
                .map(tick ->
                        ServerSentEvent.<Object>builder().comment("heartbeat").build())
                .takeUntilOther(ended.asMono());
        return Flux.merge(events, heartbeats);
    }
}
