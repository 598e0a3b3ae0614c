package dev.threadline.command.credential;

import dev.threadline.events.DomainException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for a workspace credential's environment-variable name and value. They are checked when a credential is
 * created or rotated ({@link #checkName}, {@link #checkValue}) and again when credentials are injected into a
 * process ({@link #isInjectable}), so a name that became reserved after it was stored is still never injected.
 */
public final class CredentialNames {

    public static final int MAX_NAME_LENGTH = 128;
    /** Maximum value length in characters (Unicode code points). */
    public static final int MAX_VALUE_LENGTH = 32_768;

    static final String BAD_SHAPE = "Name must start with a letter or underscore and contain only letters, digits,"
            + " and underscores (e.g. GITHUB_TOKEN).";
    static final String NAME_TOO_LONG = "Name is too long.";
    static final String VALUE_EMPTY = "Value is empty.";
    static final String VALUE_TOO_LARGE = "Value is too large.";

    /** Matched against the whole name ({@code matches()}), so a trailing newline, space or NUL never passes. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String SHELL = "it controls the shell or process environment";
    private static final String LOADER = "it changes how programs load code";
    private static final String NETWORK = "it redirects network traffic, TLS trust or package registries";
    private static final String GIT = "it injects git configuration";
    private static final String LAUNCHER = "it is used by the sandbox launcher";
    private static final String AGENT_AUTH = "it carries agent authentication; add an agent credential instead";
    private static final String SERVER = "it is a server secret";

    /** Reserved exact names, upper case, each with the reason shown to the caller. */
    private static final Map<String, String> RESERVED = reserved();

    /** Reserved prefixes, upper case, each with its reason. */
    private static final Map<String, String> RESERVED_PREFIXES = Map.of(
            "LD_", "dynamic loader variables are reserved",
            "DYLD_", "dynamic loader variables are reserved",
            "BASH_FUNC_", "exported shell functions are reserved",
            "GIT_CONFIG_", GIT,
            "NPM_CONFIG_", "it changes npm configuration");

    private CredentialNames() {}

    /**
     * Refuses a name that is badly shaped, too long or reserved.
     *
     * @throws DomainException {@code INVALID} for the shape or a reserved name, {@code TOO_LARGE} for the length
     */
    public static void checkName(String name) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw DomainException.tooLarge(NAME_TOO_LONG);
        }
        if (name == null || !SHAPE.matcher(name).matches()) {
            throw DomainException.invalid(BAD_SHAPE);
        }
        Optional<String> reason = reservedReason(name);
        if (reason.isPresent()) {
            throw DomainException.invalid(
                    "'" + name + "' is a reserved name and can't be used as a credential (" + reason.get() + ")");
        }
    }

    /**
     * Refuses a blank value or one longer than {@value #MAX_VALUE_LENGTH} characters. The value never appears in the
     * message.
     *
     * @throws DomainException {@code INVALID} when blank, {@code TOO_LARGE} when too long
     */
    public static void checkValue(String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(VALUE_EMPTY);
        }
        if (value.length() > MAX_VALUE_LENGTH && value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
            throw DomainException.tooLarge(VALUE_TOO_LARGE);
        }
    }

    /** Whether a stored credential may be injected under this name: every name rule, checked again, without throwing. */
    public static boolean isInjectable(String name) {
        return name != null
                && name.length() <= MAX_NAME_LENGTH
                && SHAPE.matcher(name).matches()
                && reservedReason(name).isEmpty();
    }

    private static Optional<String> reservedReason(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String exact = RESERVED.get(upper);
        if (exact != null) {
            return Optional.of(exact);
        }
        return RESERVED_PREFIXES.entrySet().stream()
                .filter(prefix -> upper.startsWith(prefix.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Map<String, String> reserved() {
        Map<String, String> names = new LinkedHashMap<>();
        put(
                names,
                SHELL,
                "PATH",
                "HOME",
                "USER",
                "LOGNAME",
                "SHELL",
                "PWD",
                "OLDPWD",
                "TMPDIR",
                "IFS",
                "ENV",
                "BASH_ENV",
                "PS1",
                "PS2",
                "PS4",
                "PROMPT_COMMAND");
        put(
                names,
                LOADER,
                "NODE_OPTIONS",
                "NODE_PATH",
                "PYTHONPATH",
                "PYTHONSTARTUP",
                "PERL5LIB",
                "RUBYOPT",
                "GEM_PATH",
                "GIT_SSH_COMMAND");
        put(
                names,
                NETWORK,
                "HTTP_PROXY",
                "HTTPS_PROXY",
                "ALL_PROXY",
                "FTP_PROXY",
                "NO_PROXY",
                "NODE_EXTRA_CA_CERTS",
                "NODE_TLS_REJECT_UNAUTHORIZED",
                "SSL_CERT_FILE",
                "SSL_CERT_DIR",
                "REQUESTS_CA_BUNDLE",
                "CURL_CA_BUNDLE",
                "GIT_SSL_CAINFO",
                "PIP_INDEX_URL",
                "PIP_EXTRA_INDEX_URL");
        put(names, GIT, "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_PROXY_COMMAND", "GIT_SSH");
        put(names, LAUNCHER, "SHIM_PORT", "SHIM_TOKEN", "AGENT_CMD", "CODEX_HOME", "CLAUDE_HOME", "IS_SANDBOX");
        put(
                names,
                AGENT_AUTH,
                "CLAUDE_CODE_OAUTH_TOKEN",
                "ANTHROPIC_API_KEY",
                "ANTHROPIC_AUTH_TOKEN",
                "ANTHROPIC_BASE_URL",
                "OPENAI_API_KEY",
                "CURSOR_API_KEY");
        // The reference implementation's server secrets, then Threadline's own.
        put(
                names,
                SERVER,
                "AGENT_CREDENTIALS_KEY",
                "CONVEX_DEPLOY_KEY",
                "CONVEX_URL",
                "THREADLINE_MASTER_KEY",
                "THREADLINE_LLM_API_KEY",
                "MONGODB_URI",
                "REDIS_URL");
        return Map.copyOf(names);
    }

    private static void put(Map<String, String> names, String reason, String... reserved) {
        for (String name : reserved) {
            names.put(name, reason);
        }
    }

    /** Every reserved exact name, upper case (for tests and documentation). */
    static List<String> reservedNames() {
        return RESERVED.keySet().stream().sorted().toList();
    }
}
