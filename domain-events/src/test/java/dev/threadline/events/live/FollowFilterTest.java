package dev.threadline.events.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowFilterTest {

    @Test
    void displayFramesAreRelayedAndInteractiveInfrastructureAndCostFramesNever() {
        Set<String> display = Set.of(
                "turn_start", "token", "thinking", "tool_call", "tool_result", "plan", "status", "done", "error");
        Set<String> never = Set.of(
                "permission_request",
                "permission_resolved",
                "question_request",
                "question_resolved",
                "question_answered",
                "mcp_error",
                "sandbox_status",
                "agent_usage",
                "config_update",
                "commands_update",
                "mode_update",
                "compaction");

        display.forEach(type -> assertThat(FollowFilter.forFollowers(TurnFrame.of(type)))
                .as(type)
                .isPresent());
        never.forEach(type -> assertThat(FollowFilter.forFollowers(TurnFrame.of(type)))
                .as(type)
                .isEmpty());
    }

    @Test
    void doneLosesItsUsageAndKeepsContentAndModel() {
        TurnFrame done = TurnFrame.of("done", "content", "Hi", "model", "m-1", "usage", Map.of("total_tokens", 12));

        TurnFrame relayed = FollowFilter.forFollowers(done).orElseThrow();

        assertThat(relayed.data()).containsOnlyKeys("content", "model");
        assertThat(relayed.data()).containsEntry("content", "Hi").containsEntry("model", "m-1");
    }

    @Test
    void aBudgetErrorLosesItsUsageFiguresToo() {
        TurnFrame budget = TurnFrame.of(
                "error",
                "code",
                "BUDGET_EXCEEDED",
                "message",
                "Daily budget reached",
                "usage",
                Map.of("dailyPct", 100, "weeklyPct", 40));

        assertThat(FollowFilter.forFollowers(budget).orElseThrow().data()).containsOnlyKeys("code", "message");
    }

    @Test
    void otherFramesPassUnchanged() {
        TurnFrame token = TurnFrame.of("token", "content", "a");
        TurnFrame toolCall = TurnFrame.of("tool_call", "call_id", "c1", "tool", "search", "arguments", Map.of("q", 1));

        assertThat(FollowFilter.forFollowers(token)).containsSame(token);
        assertThat(FollowFilter.forFollowers(toolCall)).containsSame(toolCall);
    }
}
