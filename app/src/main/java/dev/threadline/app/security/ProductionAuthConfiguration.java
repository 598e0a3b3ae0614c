package dev.threadline.app.security;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Production auth: JWTs from the identity provider, checked against its JWKS and, when given, its issuer. */
@Configuration(proxyBeanMethods = false)
@Conditional(ProductionAuthConfiguration.NotDevAuth.class)
class ProductionAuthConfiguration {

    static class NotDevAuth extends DevAuthCondition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(
            @Value("${threadline.auth.issuer-uri:}") String issuer,
            @Value("${threadline.auth.jwk-set-uri:}") String jwkSetUri) {
        if (issuer.isBlank() && jwkSetUri.isBlank()) {
            throw new IllegalStateException("A MongoDB is configured, so Threadline runs in production mode and needs"
                    + " an identity provider: set THREADLINE_JWT_ISSUER_URI and/or THREADLINE_JWT_JWK_SET_URI"
                    + " (or THREADLINE_AUTH_MODE=dev for local development only).");
        }
        NimbusReactiveJwtDecoder decoder = jwkSetUri.isBlank()
                ? NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(
                issuer.isBlank() ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer));
        return new CachingJwtDecoder(decoder, Clock.systemUTC());
    }
}
