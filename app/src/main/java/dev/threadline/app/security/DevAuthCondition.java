package dev.threadline.app.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Development auth is on when asked for explicitly ({@code THREADLINE_AUTH_MODE=dev}), or by default when the
 * embedded development store is in use. A configured MongoDB means production: JWTs from the identity provider.
 */
class DevAuthCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String mode = context.getEnvironment().getProperty("threadline.auth.mode", "");
        if (!mode.isBlank()) {
            return mode.strip().equalsIgnoreCase("dev");
        }
        return context.getEnvironment().getProperty("threadline.store.uri", "").isBlank();
    }
}
