package dev.threadline.app.web;

import dev.threadline.events.identity.UserId;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: every endpoint but health takes a bearer token, which Swagger UI's Authorize button asks for;
 * the caller handlers receive is resolved from that token, so it is no parameter of any request.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(UserId.class);
    }

    @Bean
    OpenAPI threadlineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Threadline")
                        .description("Event-sourced CQRS backend for an AI-agent chat platform. In development mode, "
                                + "POST /api/dev/token mints a token."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
