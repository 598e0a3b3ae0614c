package dev.threadline.query.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The follow feed: a conversation's running turn as it streams, for every tab, device and node but the one that
 * started it. Frames carry their stream position as the SSE id, so an EventSource that reconnects with
 * {@code Last-Event-ID} resumes exactly where it broke off. Each frame is written once as an SSE event for all its
 * followers ({@link FollowEvents}), and the stream is sent as those bytes rather than through the SSE codec: the
 * codec flushes every event on its own, while a plain byte stream is flushed whenever it has nothing more queued, so
 * a follower that falls behind catches up in fewer, larger writes.
 */
@RestController
@RequestMapping("/api/conversations")
class FollowStreamController {

    static final String ACCESS_LOST = "You no longer have access to this conversation";

    private final LiveBus live;
    private final FollowAccess access;
    private final FollowEvents events;
    private final Duration heartbeat;

    FollowStreamController(
            LiveBus live,
            FollowAccess access,
            ObjectMapper json,
            @Value("${threadline.sse.heartbeat:15s}") Duration heartbeat) {
        this.live = live;
        this.access = access;
        this.events = new FollowEvents(json);
        this.heartbeat = heartbeat;
    }

    @GetMapping(path = "/{id}/follow", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<DataBuffer>>> follow(
            UserId caller,
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long minVersion) {
        if (lastEventId != null && !LiveFrame.isValidId(lastEventId)) {
            return Mono.error(DomainException.invalid("Last-Event-ID must be a position from this feed"));
        }
        return access.mayFollow(id, caller, minVersion)
                .filter(allowed -> allowed)
                .switchIfEmpty(Mono.error(() -> DomainException.forbidden("Not authorized for this conversation")))
                .map(allowed -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header("Cache-Control", "no-cache")
                        .header("X-Accel-Buffering", "no")
                        .body(events(id, caller, lastEventId)));
    }

    private Flux<DataBuffer> events(String id, UserId caller, String lastEventId) {
        byte[] accessLost =
                events.event(LiveFrame.signal(TurnFrame.of("error", "message", ACCESS_LOST, "code", "ACCESS_REVOKED")));
        Flux<byte[]> accessChecks = Flux.interval(FollowAccess.RECHECK)
                .onBackpressureDrop() // a slow check skips the next tick rather than failing the stream
                .concatMap(tick -> access.mayStillFollow(id, caller))
                .filter(allowed -> !allowed)
                .map(lost -> accessLost);
        Flux<byte[]> frames = live.follow(new ConversationId(id), lastEventId).map(events::event);
        Flux<byte[]> heartbeats = Flux.interval(heartbeat).onBackpressureDrop().map(tick -> FollowEvents.HEARTBEAT);
        // The stream ends when the feed does (the node is stopping) or when access is lost, then with one last error
        // frame saying so; ending it stops all three sources. A first comment sends the headers at once, so the
        // client knows it is connected before any turn runs.
        byte[] feedEnded = new byte[0];
        return Flux.merge(frames.concatWith(Mono.just(feedEnded)), heartbeats, accessChecks)
                .startWith(FollowEvents.CONNECTED)
                .takeUntil(event -> event == accessLost || event == feedEnded)
                .filter(event -> event != feedEnded)
                .map(DefaultDataBufferFactory.sharedInstance::wrap);
    }
}
