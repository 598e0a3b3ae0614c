package dev.threadline.command.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.events.DomainException;
import dev.threadline.events.DomainException.Code;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialNamesTest {

    private static final String BAD_SHAPE = "Name must start with a letter or underscore and contain only letters,"
            + " digits, and underscores (e.g. GITHUB_TOKEN).";

    static final List<String> SHELL = List.of(
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
    static final List<String> LOADER = List.of(
            "NODE_OPTIONS",
            "NODE_PATH",
            "PYTHONPATH",
            "PYTHONSTARTUP",
            "PERL5LIB",
            "RUBYOPT",
            "GEM_PATH",
            "GIT_SSH_COMMAND");
    static final List<String> PROXY_TLS_REGISTRY = List.of(
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
    static final List<String> GIT_CONFIG =
            List.of("GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_PROXY_COMMAND", "GIT_SSH");
    static final List<String> LAUNCHER =
            List.of("SHIM_PORT", "SHIM_TOKEN", "AGENT_CMD", "CODEX_HOME", "CLAUDE_HOME", "IS_SANDBOX");
    static final List<String> AGENT_AUTH = List.of(
            "CLAUDE_CODE_OAUTH_TOKEN",
            "ANTHROPIC_API_KEY",
            "ANTHROPIC_AUTH_TOKEN",
            "ANTHROPIC_BASE_URL",
            "OPENAI_API_KEY",
            "CURSOR_API_KEY");
    static final List<String> SERVER_SECRETS = List.of(
            "AGENT_CREDENTIALS_KEY",
            "CONVEX_DEPLOY_KEY",
            "CONVEX_URL",
            "THREADLINE_MASTER_KEY",
            "THREADLINE_LLM_API_KEY",
            "MONGODB_URI",
            "REDIS_URL");

    static Stream<String> reservedExactNames() {
        return Stream.of(SHELL, LOADER, PROXY_TLS_REGISTRY, GIT_CONFIG, LAUNCHER, AGENT_AUTH, SERVER_SECRETS)
                .flatMap(List::stream);
    }

    /** Every reserved name as written, in lower case and in mixed case. */
    static Stream<String> reservedExactNamesInAnyCase() {
        return reservedExactNames().flatMap(name -> Stream.of(name, name.toLowerCase(Locale.ROOT), mixedCase(name)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GITHUB_TOKEN",
                "github_token",
                "_PRIVATE",
                "_",
                "a",
                "A1",
                "MY_API_KEY_2",
                "NPM_TOKEN",
                "STRIPE_SECRET_KEY",
                "GIT_AUTHOR_NAME",
                "GIT_CONFIGURED",
                "PATH_TO_DATA",
                "MY_HTTP_PROXY",
                "LD",
                "HOMEBREW_GITHUB_API_TOKEN",
                "THREADLINE_THEME"
            })
    void givenValidName_whenChecked_thenAccepted(String name) {
        assertThatCode(() -> CredentialNames.checkName(name)).doesNotThrowAnyException();
        assertThat(CredentialNames.isInjectable(name)).isTrue();
    }

    @Test
    void givenNameOfExactly128Characters_whenChecked_thenAccepted() {
        String name = "A".repeat(CredentialNames.MAX_NAME_LENGTH);
        assertThatCode(() -> CredentialNames.checkName(name)).doesNotThrowAnyException();
        assertThat(CredentialNames.isInjectable(name)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "1ABC",
                "9",
                "MY-KEY",
                "MY KEY",
                "MY.KEY",
                "KEY=VALUE",
                "$HOME",
                "ÄPFEL",
                "ÉTÉ_TOKEN",
                "GITHUB_TOKEN\n",
                "GITHUB_TOKEN\r\n",
                "GITHUB_TOKEN ",
                " GITHUB_TOKEN",
                "GITHUB_TOKEN\0",
                "GITHUB\0TOKEN",
                "GIT\tHUB",
                "A\rB",
                "A\u000bB",
                "A\u0085B",
                "A\u00a0B",
                "A\u2028B",
                "A\u200bB",
                "TOKEN\u001b[31m",
                "\n"
            })
    void givenBadShape_whenChecked_thenRefusedAsInvalid(String name) {
        assertRefused(() -> CredentialNames.checkName(name), Code.INVALID, BAD_SHAPE);
        assertThat(CredentialNames.isInjectable(name)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("reservedExactNamesInAnyCase")
    void givenReservedExactName_inAnyCase_whenChecked_thenRefused(String name) {
        assertThatThrownBy(() -> CredentialNames.checkName(name))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID))
                .message()
                .startsWith("'" + name + "' is a reserved name and can't be used as a credential (")
                .endsWith(")");
        assertThat(CredentialNames.isInjectable(name)).isFalse();
    }

    @Test
    void theReservedListIsExactlyTheDocumentedOne() {
        assertThat(CredentialNames.reservedNames())
                .containsExactlyInAnyOrderElementsOf(reservedExactNames().toList());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LD_PRELOAD",
                "LD_LIBRARY_PATH",
                "ld_audit",
                "DYLD_INSERT_LIBRARIES",
                "dyld_library_path",
                "BASH_FUNC_ls",
                "bash_func_echo",
                "GIT_CONFIG_KEY_0",
                "GIT_CONFIG_VALUE_0",
                "GIT_CONFIG_COUNT",
                "git_config_parameters",
                "NPM_CONFIG_REGISTRY",
                "npm_config_cafile",
                "Npm_Config_Userconfig",
                "LD_"
            })
    void givenReservedPrefix_inAnyCase_whenChecked_thenRefused(String name) {
        assertThatThrownBy(() -> CredentialNames.checkName(name))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID))
                .hasMessageStartingWith("'" + name + "' is a reserved name and can't be used as a credential (");
        assertThat(CredentialNames.isInjectable(name)).isFalse();
    }

    @Test
    void givenReservedName_whenChecked_thenTheMessageSaysWhy() {
        assertRefused(
                () -> CredentialNames.checkName("http_proxy"),
                Code.INVALID,
                "'http_proxy' is a reserved name and can't be used as a credential (it redirects network traffic, TLS"
                        + " trust or package registries)");
        assertRefused(
                () -> CredentialNames.checkName("ANTHROPIC_API_KEY"),
                Code.INVALID,
                "'ANTHROPIC_API_KEY' is a reserved name and can't be used as a credential (it carries agent"
                        + " authentication; add an agent credential instead)");
    }

    @Test
    void given200CharacterName_whenChecked_thenTooLong() {
        assertRefused(() -> CredentialNames.checkName("A".repeat(200)), Code.TOO_LARGE, "Name is too long.");
        assertRefused(() -> CredentialNames.checkName("A".repeat(129)), Code.TOO_LARGE, "Name is too long.");
        assertThat(CredentialNames.isInjectable("A".repeat(200))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t", "\n", " \r\n\t "})
    void givenBlankValue_whenChecked_thenEmpty(String value) {
        assertRefused(() -> CredentialNames.checkValue(value), Code.INVALID, "Value is empty.");
    }

    @Test
    void given40000CharacterValue_whenChecked_thenTooLargeWithoutEchoingIt() {
        assertRefused(() -> CredentialNames.checkValue("s".repeat(40_000)), Code.TOO_LARGE, "Value is too large.");
        assertRefused(() -> CredentialNames.checkValue("x".repeat(32_769)), Code.TOO_LARGE, "Value is too large.");
    }

    @Test
    void givenValueAtTheLimit_whenChecked_thenAccepted() {
        assertThatCode(() -> CredentialNames.checkValue("x".repeat(32_768))).doesNotThrowAnyException();
        // Characters are counted as code points: 32,768 emoji are 65,536 UTF-16 units.
        assertThatCode(() -> CredentialNames.checkValue("🔑".repeat(32_768))).doesNotThrowAnyException();
        assertRefused(() -> CredentialNames.checkValue("🔑".repeat(32_769)), Code.TOO_LARGE, "Value is too large.");
    }

    @Test
    void givenOrdinaryValue_whenChecked_thenAccepted() {
        assertThatCode(() -> CredentialNames.checkValue("ghp_abc123")).doesNotThrowAnyException();
        assertThatCode(() -> CredentialNames.checkValue(" padded value ")).doesNotThrowAnyException();
    }

    private static void assertRefused(Runnable check, Code code, String message) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessage(message);
    }

    private static String mixedCase(String name) {
        char[] chars = name.toLowerCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < chars.length; i += 2) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        String mixed = new String(chars);
        return mixed.equals(name) ? name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1) : mixed;
    }
}
