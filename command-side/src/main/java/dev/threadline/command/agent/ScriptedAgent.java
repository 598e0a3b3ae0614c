package dev.threadline.command.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.agent.AgentEvent.Finished;
import dev.threadline.command.agent.AgentEvent.ReasoningDelta;
import dev.threadline.command.agent.AgentEvent.TextDelta;
import dev.threadline.command.agent.AgentEvent.ToolCalled;
import dev.threadline.command.agent.AgentEvent.ToolReturned;
import dev.threadline.command.agent.AgentEvent.UsageReported;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * The built-in offline agent: deterministic, needs no provider. It reasons briefly, calls a {@code word_count} tool
 * on the user's message, then streams a reply that echoes the message word by word, one event per {@code pace}.
 */
public class ScriptedAgent implements AgentRuntime {

    public static final String MODEL = "threadline-scripted";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration pace;

    public ScriptedAgent(Duration pace) {
        this.pace = pace;
    }

    @Override
    public Flux<AgentEvent> run(AgentRequest request) {
        String message = request.latestUserContent();
        int words = wordCount(message);
        String callId = "call_"
                + Integer.toHexString(message.hashCode() ^ request.history().size());
        List<AgentEvent> script = new ArrayList<>();
        chunks("Reading the message. It has " + words + " words; counting them with a tool before answering.")
                .forEach(chunk -> script.add(new ReasoningDelta(chunk)));
        script.add(new ToolCalled(callId, "word_count", argumentsJson(message)));
        script.add(new ToolReturned(callId, words + (words == 1 ? " word" : " words"), ToolStatus.COMPLETED));
        String reply = "You said: " + message;
        chunks(reply).forEach(chunk -> script.add(new TextDelta(chunk)));
        long prompt = request.history().stream()
                .mapToLong(m -> wordCount(m.content()))
                .sum();
        long completion = wordCount(reply);
        script.add(new UsageReported(new Usage(prompt, completion, prompt + completion, null)));
        script.add(new Finished(MODEL, "stop"));
        Flux<AgentEvent> events = Flux.fromIterable(script);
        return pace.isZero() ? events : events.delayElements(pace);
    }

    /** The text cut after each run of whitespace, so that joining the chunks gives the text back exactly. */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            boolean boundary = i == text.length()
                    || (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i)));
            if (boundary) {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        return chunks;
    }

    static int wordCount(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static String argumentsJson(String text) {
        try {
            return JSON.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
