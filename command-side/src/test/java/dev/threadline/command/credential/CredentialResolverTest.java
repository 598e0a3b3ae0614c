package dev.threadline.command.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.threadline.command.credential.CredentialResolver.Row;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CredentialResolverTest {

    private final InMemoryDataKeyStore keys = new InMemoryDataKeyStore();
    private final MasterKey masterKey = CredentialFixtures.randomMasterKey();
    private final CredentialCipher cipher = new CredentialCipher(masterKey, keys);
    private final CredentialResolver resolver = new CredentialResolver(cipher);
    private final WorkspaceId workspace = WorkspaceId.random();
    private final WorkspaceId otherWorkspace = WorkspaceId.random();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(CredentialResolver.class)).addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(CredentialResolver.class)).detachAppender(logged);
    }

    @Test
    void givenWorkspaceCredentials_whenResolved_thenTheDecryptedEnv() {
        List<Row> rows = List.of(row("GITHUB_TOKEN", "ghp_one"), row("STRIPE_KEY", "sk_two"), row("_X", "three"));

        assertThat(resolver.resolve(workspace, rows))
                .containsExactly(
                        Map.entry("GITHUB_TOKEN", "ghp_one"),
                        Map.entry("STRIPE_KEY", "sk_two"),
                        Map.entry("_X", "three"));
        assertThat(logged.list).isEmpty();
    }

    @Test
    void givenNoRows_whenResolved_thenEmpty() {
        assertThat(resolver.resolve(workspace, List.of())).isEmpty();
        assertThat(resolver.resolve(workspace, List.of(), Map.of())).isEmpty();
    }

    @Test
    void givenUndecryptableRows_whenResolved_thenSkippedAndLoggedByNameAndKeyId() {
        SealedSecret shredded = cipher.seal(otherWorkspace, "gone-value");
        keys.shred(otherWorkspace);
        SealedSecret good = cipher.seal(workspace, "good-value");
        SealedSecret foreign = cipher.seal(otherWorkspace, "foreign-value");
        SealedSecret tampered =
                new SealedSecret(good.keyId(), cipher.seal(otherWorkspace, "x").ciphertext());
        List<Row> rows = List.of(
                new Row("SHREDDED", shredded),
                new Row("FOREIGN", foreign),
                new Row("TAMPERED", tampered),
                new Row("GOOD", good));

        Map<String, String> env = resolver.resolve(workspace, rows);

        assertThat(env).containsExactly(Map.entry("GOOD", "good-value"));
        assertThat(messages())
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("'SHREDDED'", shredded.keyId(), "KEY_SHREDDED"))
                .anySatisfy(line -> assertThat(line).contains("'FOREIGN'", foreign.keyId(), "WRONG_WORKSPACE"))
                .anySatisfy(line -> assertThat(line).contains("'TAMPERED'", good.keyId(), "TAMPERED"));
        assertThat(logged.list)
                .allSatisfy(event -> assertThat(event.getLevel().toString()).isEqualTo("WARN"));
        assertNoValueLogged("gone-value", "good-value", "foreign-value");
    }

    @Test
    void givenReservedRowsStoredBeforeTheRule_whenResolved_thenNeverInjected() {
        List<Row> rows = List.of(
                row("HTTP_PROXY", "http://evil.example:3128"),
                row("GIT_CONFIG_COUNT", "1"),
                row("npm_config_registry", "https://evil.example/npm"),
                row("ld_preload", "/tmp/evil.so"),
                row("Path", "/evil/bin"),
                row("GITHUB_TOKEN", "ghp_ok"));

        Map<String, String> env = resolver.resolve(workspace, rows);

        assertThat(env).containsOnlyKeys("GITHUB_TOKEN");
        assertThat(messages())
                .hasSize(5)
                .anySatisfy(line -> assertThat(line).contains("'HTTP_PROXY'"))
                .anySatisfy(line -> assertThat(line).contains("'GIT_CONFIG_COUNT'"))
                .anySatisfy(line -> assertThat(line).contains("'npm_config_registry'"));
        assertNoValueLogged("http://evil.example:3128", "https://evil.example/npm", "/tmp/evil.so", "ghp_ok");
    }

    @Test
    void givenBadlyShapedRowName_whenResolved_thenSkippedAndLoggedWithoutControlCharacters() {
        List<Row> rows = List.of(row("TOKEN\nFAKE LOG LINE", "v1"), row("A".repeat(300), "v2"), row("OK", "v3"));

        Map<String, String> env = resolver.resolve(workspace, rows);

        assertThat(env).containsOnlyKeys("OK");
        assertThat(messages()).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        assertThat(messages().get(0)).contains("'TOKEN?FAKE?LOG?LINE'");
        assertThat(messages().get(1)).doesNotContain("A".repeat(129));
    }

    @Test
    void givenAgentAuth_whenResolved_thenItOverridesTheWorkspaceEnv() {
        List<Row> rows = List.of(
                row("SHARED_NAME", "from-workspace"),
                row("ANTHROPIC_API_KEY", "workspace-anthropic"),
                row("GITHUB_TOKEN", "ghp_ws"));
        Map<String, String> agentAuth = Map.of("ANTHROPIC_API_KEY", "sk-ant-agent", "SHARED_NAME", "from-agent");

        Map<String, String> env = resolver.resolve(workspace, rows, agentAuth);

        assertThat(env)
                .containsExactly(
                        Map.entry("ANTHROPIC_API_KEY", "sk-ant-agent"),
                        Map.entry("GITHUB_TOKEN", "ghp_ws"),
                        Map.entry("SHARED_NAME", "from-agent"));
    }

    @Test
    void givenResolvedEnv_thenUnmodifiableAndItsStringShowsNamesOnly() {
        Map<String, String> env = resolver.resolve(workspace, List.of(row("GITHUB_TOKEN", "ghp_secret")));

        assertThat(env.toString()).isEqualTo("{GITHUB_TOKEN=****}");
        assertThat(env).isEqualTo(Map.of("GITHUB_TOKEN", "ghp_secret"));
        assertThatThrownBy(() -> env.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void envFingerprint_isOrderIndependent() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("A", "1");
        forward.put("B", "2");
        forward.put("C", "3");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("C", "3");
        backward.put("B", "2");
        backward.put("A", "1");

        assertThat(cipher.envFingerprint(forward))
                .isEqualTo(cipher.envFingerprint(backward))
                .isEqualTo(cipher.envFingerprint(Map.copyOf(forward)))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void envFingerprint_changesOnAddRemoveAndRotate() {
        Map<String, String> base = Map.of("GITHUB_TOKEN", "ghp_one", "STRIPE_KEY", "sk_two");
        Map<String, String> added = Map.of("GITHUB_TOKEN", "ghp_one", "STRIPE_KEY", "sk_two", "NEW", "v");
        Map<String, String> removed = Map.of("GITHUB_TOKEN", "ghp_one");
        Map<String, String> rotated = Map.of("GITHUB_TOKEN", "ghp_ROTATED", "STRIPE_KEY", "sk_two");
        Map<String, String> renamed = Map.of("GITHUB_TOKEN2", "ghp_one", "STRIPE_KEY", "sk_two");

        List<String> fingerprints = new ArrayList<>();
        for (Map<String, String> env : List.of(base, added, removed, rotated, renamed, Map.<String, String>of())) {
            fingerprints.add(cipher.envFingerprint(env));
        }

        assertThat(fingerprints).doesNotHaveDuplicates();
        assertThat(cipher.envFingerprint(Map.of("GITHUB_TOKEN", "ghp_one", "STRIPE_KEY", "sk_two")))
                .isEqualTo(fingerprints.get(0));
    }

    @Test
    void envFingerprint_separatesNamesFromValues() {
        assertThat(cipher.envFingerprint(Map.of("A", "BC"))).isNotEqualTo(cipher.envFingerprint(Map.of("AB", "C")));
        assertThat(cipher.envFingerprint(Map.of("A", "", "B", "")))
                .isNotEqualTo(cipher.envFingerprint(Map.of("A", "B")));
    }

    @Test
    void envFingerprint_isStableForTheMasterKeyAndKeyedByIt() {
        Map<String, String> env = Map.of("GITHUB_TOKEN", "ghp_one");
        CredentialCipher sameMaster = new CredentialCipher(masterKey, new InMemoryDataKeyStore());
        CredentialCipher otherMaster = CredentialFixtures.inMemoryCipher();

        assertThat(sameMaster.envFingerprint(env)).isEqualTo(cipher.envFingerprint(env));
        assertThat(otherMaster.envFingerprint(env)).isNotEqualTo(cipher.envFingerprint(env));
    }

    private Row row(String name, String value) {
        return new Row(name, cipher.seal(workspace, value));
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void assertNoValueLogged(String... values) {
        assertThat(messages()).allSatisfy(line -> assertThat(line).doesNotContain(values));
    }
}
