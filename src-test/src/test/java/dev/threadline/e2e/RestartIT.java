package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;

/** Stopping the server and starting it again on the same data directory keeps everything. */
class RestartIT {

    @TempDir
    Path dataDirectory;

    @Test
    void everythingIsStillThereAfterARestart() {
        String id;
        List<Map<String, Object>> before;
        try (RunningApp first = RunningApp.start(dataDirectory, Map.of())) {
            Client alice = new Client(first, "alice");
            id = alice.startConversation("Kept");
            List<ServerSentEvent<Map<String, Object>>> turn = alice.completeTurn(id, "remember me");
            long version = ((Number) turn.get(turn.size() - 1).data().get("version")).longValue();
            before = alice.messages(id, version);
            assertThat(before).hasSize(2);
        }

        try (RunningApp second = RunningApp.start(dataDirectory, Map.of())) {
            Client alice = new Client(second, "alice");
            assertThat(alice.messages(id, 0)).isEqualTo(before);
            assertThat(alice.get("/api/conversations/" + id).body()).containsEntry("title", "Kept");

            List<ServerSentEvent<Map<String, Object>>> turn = alice.completeTurn(id, "and again");
            long version = ((Number) turn.get(turn.size() - 1).data().get("version")).longValue();
            assertThat(alice.messages(id, version))
                    .extracting(m -> ((Number) m.get("position")).longValue())
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
