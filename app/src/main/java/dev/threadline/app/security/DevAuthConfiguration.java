package dev.threadline.app.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Development auth: locally minted HS256 tokens (see {@link DevTokenCommandController}). */
@Configuration(proxyBeanMethods = false)
@Conditional(DevAuthCondition.class)
class DevAuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevAuthConfiguration.class);

    @Bean
    DevTokens devTokens(
            @Value("${threadline.data-dir}") Path dataDirectory,
            @Value("${threadline.auth.dev-token-lifetime:12h}") Duration lifetime) {
        log.warn("DEVELOPMENT AUTH: anyone can mint a token with POST /api/dev/token {\"userId\":\"...\"}."
                + " Configure an identity provider (THREADLINE_JWT_ISSUER_URI or THREADLINE_JWT_JWK_SET_URI) for"
                + " production.");
        return new DevTokens(dataDirectory.resolve("dev-jwt.secret"), lifetime);
    }

    @Bean
    ReactiveJwtDecoder devJwtDecoder(DevTokens tokens) {
        return new CachingJwtDecoder(tokens.decoder(), Clock.systemUTC());
    }
}
