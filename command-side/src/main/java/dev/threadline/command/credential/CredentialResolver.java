package dev.threadline.command.credential;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a workspace's sealed credentials into the environment of a sandbox process. A row whose name is not
 * injectable (reserved, or badly shaped: {@link CredentialNames#isInjectable}) is skipped and its name logged; a row
 * that cannot be decrypted is skipped and its name and key id logged; agent-auth variables are laid over the result
 * and win. Values are never logged, and the returned map's {@code toString()} shows names only.
 *
 * <p>It neither loads rows nor checks who may use them: the caller passes the rows of one workspace, already
 * checked to be the owner's (and passes none on a collaborator's turn).
 */
public final class CredentialResolver {

    private static final Logger log = LoggerFactory.getLogger(CredentialResolver.class);

    private final CredentialCipher cipher;

    public CredentialResolver(CredentialCipher cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** One stored credential of the workspace: its variable name and sealed value. */
    public record Row(String name, SealedSecret secret) {

        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** The workspace credentials alone, as {@link #resolve(WorkspaceId, List, Map)} with no agent auth. */
    public Map<String, String> resolve(WorkspaceId workspaceId, List<Row> rows) {
        return resolve(workspaceId, rows, Map.of());
    }

    /**
     * The environment for a process: each injectable, decryptable row (a later row replaces an earlier one of the
     * same name), then {@code agentAuthEnv} over it. Unmodifiable, sorted by name.
     */
    public Map<String, String> resolve(WorkspaceId workspaceId, List<Row> rows, Map<String, String> agentAuthEnv) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(agentAuthEnv, "agentAuthEnv");
        Map<String, String> env = new TreeMap<>();
        for (Row row : rows) {
            if (!CredentialNames.isInjectable(row.name())) {
                log.warn(
                        "Credential '{}' of workspace {} not injected: the name is reserved or not a valid variable"
                                + " name",
                        printable(row.name()),
                        workspaceId);
                continue;
            }
            try {
                env.put(row.name(), cipher.open(workspaceId, row.secret()));
            } catch (CredentialEncryptionException e) {
                log.warn(
                        "Credential '{}' of workspace {} (data key {}) not injected: {} ({})",
                        row.name(),
                        workspaceId,
                        printable(row.secret().keyId()),
                        e.reason(),
                        e.getMessage());
            }
        }
        env.putAll(agentAuthEnv);
        return new Env(env);
    }

    /** A name or id as it can safely go into a log line: no control characters, bounded length. */
    private static String printable(String text) {
        String bounded = text.length() > CredentialNames.MAX_NAME_LENGTH
                ? text.substring(0, CredentialNames.MAX_NAME_LENGTH) + "…"
                : text;
        return bounded.codePoints()
                .map(c -> Character.isISOControl(c) || Character.isWhitespace(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /** An unmodifiable environment whose {@code toString()} never shows a value. */
    private static final class Env extends AbstractMap<String, String> {

        private final Map<String, String> values;

        Env(Map<String, String> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public String toString() {
            return values.keySet().stream().map(name -> name + "=****").collect(Collectors.joining(", ", "{", "}"));
        }
    }
}
