package dev.threadline.app.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/** Active when no MongoDB is configured, i.e. the embedded development store is in use. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("'${threadline.store.uri:}'.isBlank()")
public @interface ConditionalOnEmbeddedStore {}
