package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.CommandSender;
import dev.threadline.command.agent.AgentEvent;
import dev.threadline.command.agent.AgentFailure;
import dev.threadline.command.agent.AgentRequest;
import dev.threadline.command.agent.AgentRuntime;
import dev.threadline.command.agent.ScriptedAgent;
import dev.threadline.command.credential.CredentialFixtures;
import dev.threadline.command.credential.Credentials;
import dev.threadline.command.harness.CreateHarness;
import dev.threadline.command.harness.Harness;
import dev.threadline.command.harness.HarnessDirectory;
import dev.threadline.command.harness.HarnessPatch;
import dev.threadline.command.skillpack.CreateSkillPack;
import dev.threadline.command.skillpack.SkillPackDirectory;
import dev.threadline.command.skillpack.SkillPackPatch;
import dev.threadline.command.skillpack.SkillPacks;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.PartType;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Turns against a real (in-memory) Axon event store, with agents that succeed, fail, crash, hang and get cut off. */
class TurnRunnerTest {

    private static final UserId OWNER = new UserId("owner");

    private final AtomicReference<AgentRuntime> agent = new AtomicReference<>();
    private final InMemoryAxon inMemory =
            InMemoryAxon.of(Conversation.class, Harness.class, SkillPacks.class, Credentials.class);
    private final Configuration axon = inMemory.configuration;
    private final CommandSender commands = inMemory.commands;
    private final RecordingLiveBus live = new RecordingLiveBus();
    /** Far from the timeouts, so that only the tests about them meet them, even on a loaded machine. */
    private static final Duration MAX_DURATION = Duration.ofMinutes(1);

    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(5);

    private TurnRunner runner = runner(MAX_DURATION);

    private TurnRunner runner(Duration maxDuration) {
        return new TurnRunner(
                commands,
                new ConversationHistory(axon.eventStore()),
                new TurnContext(
                        axon.repository(Conversation.class),
                        new HarnessDirectory(axon.repository(Harness.class)),
                        new SkillPackDirectory(axon.repository(SkillPacks.class)),
                        CredentialFixtures.inMemoryVault(axon.repository(Credentials.class))),
                request -> agent.get().run(request),
                new ObjectMapper(),
                maxDuration,
                live,
                LIVE_TIMEOUT);
    }

    @AfterEach
    void stop() {
        inMemory.close();
    }

    private ConversationId startConversation() {
        ConversationId id = ConversationId.random();
        commands.send(new StartConversation(id, OWNER, "Test", null, null)).block();
        return id;
    }

    private List<TurnFrame> turn(ConversationId id, String content) {
        return runner.start(id, OWNER, content, null)
                .flatMapMany(frames -> frames)
                .collectList()
                .block();
    }

    private List<Object> events(ConversationId id) {
        return inMemory.events(id);
    }

    private List<AssistantMessageRecorded> answers(ConversationId id) {
        return events(id).stream()
                .filter(AssistantMessageRecorded.class::isInstance)
                .map(AssistantMessageRecorded.class::cast)
                .toList();
    }

    private TurnEnded turnEnded(ConversationId id) {
        return events(id).stream()
                .filter(TurnEnded.class::isInstance)
                .map(TurnEnded.class::cast)
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    @Test
    void aTurnRunsWithItsHarnessModelPromptSkillsAndTheOwnersSkillPacks() {
        AtomicReference<AgentRequest> seen = new AtomicReference<>();
        agent.set(request -> {
            seen.set(request);
            return new ScriptedAgent(Duration.ZERO).run(request);
        });
        commands.send(new CreateSkillPack(
                        OWNER,
                        "pack-1",
                        new SkillPackPatch(
                                "House style",
                                null,
                                List.of(
                                        new SkillRef("acme/skills/pdf", "From the pack"),
                                        new SkillRef("acme/skills/csv", "CSV files")),
                                "Use British spelling.",
                                null,
                                null)))
                .block();
        HarnessId harnessId = HarnessId.random();
        commands.send(new CreateHarness(
                        harnessId,
                        OWNER,
                        new HarnessPatch(
                                "Writer",
                                "model-x",
                                null,
                                null,
                                List.of(new SkillRef("acme/skills/pdf", "Reads PDFs")),
                                List.of("pack-1", "someone-elses-pack"),
                                "Be brief.",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)))
                .block();
        ConversationId id = ConversationId.random();
        commands.send(new StartConversation(id, OWNER, "Test", null, harnessId)).block();

        turn(id, "hello");

        assertThat(seen.get().model()).isEqualTo("model-x");
        assertThat(seen.get().systemPrompt())
                .isEqualTo("Be brief.\n\nSkills available:\n- acme/skills/pdf: Reads PDFs\n- acme/skills/csv: CSV files"
                        + "\n\n<!-- Skill pack: House style -->\nUse British spelling.");
        assertThat(seen.get().latestUserContent()).isEqualTo("hello");
    }

    @Test
    void aTurnWithoutHarnessUsesTheRuntimeDefaults() {
        AtomicReference<AgentRequest> seen = new AtomicReference<>();
        agent.set(request -> {
            seen.set(request);
            return new ScriptedAgent(Duration.ZERO).run(request);
        });

        turn(startConversation(), "hello");

        assertThat(seen.get().model()).isNull();
        assertThat(seen.get().systemPrompt()).isNull();
    }

    @Test
    void aCompletedTurnStreamsFramesAndSavesTheMessageOnce() {
        agent.set(new ScriptedAgent(Duration.ZERO));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "two words");

        assertThat(frames).extracting(TurnFrame::type).startsWith("turn_start").endsWith("done");
        assertThat(frames)
                .extracting(TurnFrame::type)
                .containsSubsequence("thinking", "tool_call", "tool_result", "token");
        TurnFrame done = frames.get(frames.size() - 1);
        assertThat(done.data())
                .containsEntry("content", "You said: two words")
                .containsEntry("model", "threadline-scripted");
        AssistantMessageRecorded answer = answers(id).get(0);
        assertThat(answers(id)).hasSize(1);
        assertThat(answer.content()).isEqualTo("You said: two words");
        assertThat(answer.interrupted()).isFalse();
        assertThat(answer.parts())
                .extracting(part -> part.type())
                .containsExactly(PartType.REASONING, PartType.TOOL_CALL, PartType.TEXT);
        assertThat(answer.parts().get(1).result()).isEqualTo("2 words");
        assertThat(answer.parts().get(1).status()).isEqualTo(ToolStatus.COMPLETED);
        assertThat(answer.usage()).isNotNull();
        assertThat(turnEnded(id).outcome()).isEqualTo(TurnOutcome.COMPLETED);
        assertThat(done.data().get("version")).isEqualTo(4L);
    }

    @Test
    void aProviderErrorMidStreamSavesWhatWasProducedAsInterrupted() {
        agent.set(request -> Flux.<AgentEvent>just(
                        new AgentEvent.TextDelta("Hel"),
                        new AgentEvent.ReasoningDelta("hmm"),
                        new AgentEvent.TextDelta("lo"))
                .concatWith(Flux.error(new AgentFailure("Upstream service error (502)"))));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hi");

        TurnFrame last = frames.get(frames.size() - 1);
        assertThat(last.type()).isEqualTo("error");
        assertThat(last.data()).containsEntry("message", "Upstream service error (502)");
        AssistantMessageRecorded answer = answers(id).get(0);
        assertThat(answer.interrupted()).isTrue();
        assertThat(answer.interruptionReason()).isEqualTo("Upstream service error (502)");
        assertThat(answer.content()).isEqualTo("Hello");
        assertThat(answer.parts())
                .extracting(part -> part.type())
                .containsExactly(PartType.TEXT, PartType.REASONING, PartType.TEXT);
        assertThat(turnEnded(id).outcome()).isEqualTo(TurnOutcome.INTERRUPTED);
    }

    @Test
    void aFailureThatExplainsMoreSavesItsReasonAndShowsItsMessage() {
        agent.set(request -> Flux.<AgentEvent>just(new AgentEvent.TextDelta("and so on"))
                .concatWith(Flux.error(AgentFailure.explained(
                        "Response repeatedly truncated",
                        "Response repeatedly hit max_tokens (20× in a row) without making progress"))));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hi");

        assertThat(frames.get(frames.size() - 1).data()).containsEntry("message", "Response repeatedly truncated");
        assertThat(answers(id).get(0).interruptionReason())
                .isEqualTo("Response repeatedly hit max_tokens (20× in a row) without making progress");
    }

    @Test
    void aCrashingAgentIsSavedWithAGenericReasonAndNoDetailsLeak() {
        agent.set(request -> Flux.<AgentEvent>just(new AgentEvent.TextDelta("partial"))
                .concatWith(Flux.error(new IllegalStateException("secret internals"))));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hi");

        assertThat(frames.get(frames.size() - 1).data()).containsEntry("message", "Internal error");
        assertThat(answers(id).get(0).interruptionReason()).isEqualTo("Internal error");
        assertThat(frames.toString()).doesNotContain("secret internals");
    }

    @Test
    void aFailureBeforeAnyOutputEndsTheTurnWithoutAMessage() {
        agent.set(request -> Flux.error(new AgentFailure("Service unavailable")));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hi");

        assertThat(frames).extracting(TurnFrame::type).containsExactly("turn_start", "error");
        assertThat(answers(id)).isEmpty();
        assertThat(turnEnded(id).reason()).isEqualTo("Service unavailable");
        assertThat(turn(id, "again")).isNotEmpty();
    }

    @Test
    void aHungAgentTimesOut() {
        agent.set(request ->
                Flux.<AgentEvent>just(new AgentEvent.TextDelta("slow")).concatWith(Flux.never()));
        ConversationId id = startConversation();
        runner = runner(Duration.ofSeconds(2));

        List<TurnFrame> frames = turn(id, "hi");

        assertThat(frames.get(frames.size() - 1).data()).containsEntry("message", "Turn took too long");
        assertThat(answers(id).get(0).content()).isEqualTo("slow");
    }

    @Test
    void aCallerThatLeavesWhileTheTurnStartsLeavesTheConversationFreeForTheNext() {
        agent.set(new ScriptedAgent(Duration.ofMillis(1)));
        ConversationId id = startConversation();

        runner.start(id, OWNER, "never read", null).subscribe().dispose();

        await().atMost(Duration.ofSeconds(15)).until(() -> events(id).stream().anyMatch(TurnEnded.class::isInstance));
        assertThat(turnEnded(id).reason()).isEqualTo(TurnRunner.CLIENT_GONE);
        assertThat(answers(id)).isEmpty();
        assertThat(turn(id, "again")).extracting(TurnFrame::type).endsWith("done");
    }

    @Test
    void anAgentThatNeverStopsStreamingIsCutOffAtTheMaximumDuration() {
        agent.set(request -> Flux.interval(Duration.ofMillis(20)).map(i -> new AgentEvent.TextDelta("x")));
        ConversationId id = startConversation();
        runner = runner(Duration.ofMillis(500));

        long began = System.nanoTime();
        List<TurnFrame> frames = turn(id, "hi");
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(frames.get(frames.size() - 1).data()).containsEntry("message", "Turn took too long");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(answers(id).get(0).interrupted()).isTrue();
        assertThat(answers(id).get(0).content()).isNotEmpty().matches("x+");
    }

    @Test
    void aClientThatLeavesMidTurnGetsItsPartialAnswerSavedExactlyOnce() {
        agent.set(new ScriptedAgent(Duration.ofMillis(20)));
        ConversationId id = startConversation();
        AtomicInteger tokens = new AtomicInteger();
        Disposable subscription = runner.start(id, OWNER, "w ".repeat(200).strip(), null)
                .flatMapMany(frames -> frames)
                .subscribe(frame -> {
                    if (frame.type().equals("token")) {
                        tokens.incrementAndGet();
                    }
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> tokens.get() >= 3);

        subscription.dispose();

        await().atMost(Duration.ofSeconds(5)).until(() -> !answers(id).isEmpty());
        AssistantMessageRecorded answer = answers(id).get(0);
        assertThat(answer.interruptionReason()).isEqualTo("Client disconnected");
        assertThat(answer.content()).startsWith("You said: ");
        assertThat(turnEnded(id).outcome()).isEqualTo(TurnOutcome.INTERRUPTED);
        assertThat(answers(id)).hasSize(1);
    }

    @Test
    void aSecondTurnWhileOneRunsIsRefused() {
        agent.set(request -> Flux.never());
        ConversationId id = startConversation();
        AtomicInteger frames = new AtomicInteger();
        Disposable first = runner.start(id, OWNER, "first", null)
                .flatMapMany(turn -> turn)
                .subscribe(frame -> frames.incrementAndGet());
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.get() > 0);
        try {
            assertThatThrownBy(() -> runner.start(id, OWNER, "second", null).block())
                    .isInstanceOf(DomainException.class)
                    .hasMessage("A turn is already running in this conversation");
        } finally {
            first.dispose();
        }
    }

    @Test
    void followersGetEveryDisplayFrameInOrderWithoutUsageWhileTheInitiatorGetsItUnchanged() {
        agent.set(new ScriptedAgent(Duration.ZERO));
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hello");

        await().untilAsserted(() -> assertThat(live.operations).last().isEqualTo("end"));
        assertThat(live.operations).first().isEqualTo("start");
        assertThat(live.frames)
                .extracting(TurnFrame::type)
                .isEqualTo(frames.stream().map(TurnFrame::type).toList());
        assertThat(frames).last().satisfies(done -> assertThat(done.data()).containsKey("usage"));
        assertThat(live.frames).last().satisfies(done -> {
            assertThat(done.type()).isEqualTo("done");
            assertThat(done.data()).doesNotContainKey("usage").containsKeys("content", "model");
        });
    }

    @Test
    void aRaisingBusNeitherBreaksNorDelaysTheTurn() {
        agent.set(new ScriptedAgent(Duration.ZERO));
        live.behave(RecordingLiveBus.Behaviour.RAISES);
        ConversationId id = startConversation();

        List<TurnFrame> frames = turn(id, "hello");

        assertThat(frames).first().extracting(TurnFrame::type).isEqualTo("turn_start");
        assertThat(frames).last().extracting(TurnFrame::type).isEqualTo("done");
        assertThat(answers(id)).hasSize(1);
        // The first failure tripped the breaker: only the closing frame and the closing of the live turn are still
        // attempted.
        await().untilAsserted(() -> assertThat(live.calls).hasValue(3));
    }

    @Test
    void aHungBusCostsTheTurnNothingAndIsGivenUpAfterOneTimeout() {
        agent.set(new ScriptedAgent(Duration.ZERO));
        live.behave(RecordingLiveBus.Behaviour.HANGS);
        ConversationId id = startConversation();

        long started = System.nanoTime();
        List<TurnFrame> frames = turn(id, "hello");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(frames).last().extracting(TurnFrame::type).isEqualTo("done");
        assertThat(took).isLessThan(LIVE_TIMEOUT); // shorter than a single bus timeout
        // Each of the three writes still attempted (start, closing frame, end) is given up after one timeout.
        await().atMost(LIVE_TIMEOUT.multipliedBy(4))
                .untilAsserted(() -> assertThat(live.calls).hasValue(3));
    }
}
