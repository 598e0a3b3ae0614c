package dev.threadline.events.live;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what followers of a turn may see. Only display frames are relayed; interactive, owner-infrastructure and
 * cost frames never are, and {@code usage} is removed from every relayed frame ({@code done} and {@code error}
 * alike: a budget error's usage figures are the owner's business too).
 */
public final class FollowFilter {

    /** The frame types followers see. */
    public static final Set<String> RELAYED =
            Set.of("turn_start", "token", "thinking", "tool_call", "tool_result", "plan", "status", "done", "error");

    private FollowFilter() {}

    /** The frame as followers may see it, or empty when it is never relayed. */
    public static Optional<TurnFrame> forFollowers(TurnFrame frame) {
        if (!RELAYED.contains(frame.type())) {
            return Optional.empty();
        }
        if (!frame.data().containsKey("usage")) {
            return Optional.of(frame);
        }
        Map<String, Object> data = new LinkedHashMap<>(frame.data());
        data.remove("usage");
        return Optional.of(new TurnFrame(frame.type(), data));
    }
}
