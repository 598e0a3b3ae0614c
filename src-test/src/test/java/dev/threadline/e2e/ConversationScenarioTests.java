package dev.threadline.e2e;

import org.junit.jupiter.api.Test;

/** The conversation scenario as tests; each store's test class supplies the running app. */
abstract class ConversationScenarioTests {

    abstract ConversationScenario scenario();

    @Test
    void fullConversationWithAStreamedTurn() {
        scenario().fullConversationWithAStreamedTurn();
    }

    @Test
    void strangerGetsNotFound() {
        scenario().strangerGetsNotFound();
    }

    @Test
    void tooLongMessageIsRefused() {
        scenario().tooLongMessageIsRefused();
    }

    @Test
    void concurrentPostersLoseNothing() throws Exception {
        scenario().concurrentPostersLoseNothing();
    }

    @Test
    void idempotencyKeyRetriedReturnsTheFirstResult() {
        scenario().idempotencyKeyRetriedReturnsTheFirstResult();
    }

    @Test
    void secondTurnWhileOneRunsIsAConflict() {
        scenario().secondTurnWhileOneRunsIsAConflict();
    }

    @Test
    void disconnectMidTurnLeavesAnInterruptedMessage() {
        scenario().disconnectMidTurnLeavesAnInterruptedMessage();
    }
}
