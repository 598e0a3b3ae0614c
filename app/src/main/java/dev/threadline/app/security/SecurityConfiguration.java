package dev.threadline.app.security;

import dev.threadline.app.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/** Every endpoint but health, info, the API docs and (in development) token minting needs a bearer JWT. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final PathPattern FOLLOW_FEED =
            PathPatternParser.defaultInstance.parse("/api/conversations/{id}/follow");

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, Problems problems) {
        // Stateless: every request carries its token, so no web session is looked up or created for the security
        // context or for a request to replay after a login that never happens.
        return http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .pathMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
                        .permitAll()
                        .pathMatchers("/api/dev/token")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> {})
                        .authenticationEntryPoint((exchange, e) -> unauthenticated(exchange, problems))
                        .accessDeniedHandler(
                                (exchange, e) -> problems.write(exchange, HttpStatus.FORBIDDEN, "Not authorized")))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint((exchange, e) -> unauthenticated(exchange, problems)))
                .build();
    }

    /**
     * 401 with a problem, except on the follow feed, which answers a caller without a valid token 403 as the
     * reference does (share links will let some of them in).
     */
    private static Mono<Void> unauthenticated(ServerWebExchange exchange, Problems problems) {
        if (FOLLOW_FEED.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return problems.write(exchange, HttpStatus.FORBIDDEN, "Not authorized");
        }
        return problems.write(exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required");
    }

    @Bean
    WebFluxConfigurer callerArgument() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CallerArgumentResolver());
            }
        };
    }
}
