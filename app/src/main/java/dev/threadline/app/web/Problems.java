package dev.threadline.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.URI;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** RFC 9457 problem details, built one way for controllers and for filters that answer before a controller. */
@Component
public class Problems {

    static final String STORE_UNAVAILABLE = "The store is unavailable; retry later";
    static final String STORE_RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;

    Problems(ObjectMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(HttpStatusCode status, String detail, ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return problem;
    }

    /** Whether a failure means the store could not be reached or did not answer in time, however deeply wrapped. */
    public static boolean isStoreUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof MongoSocketException
                    || cause instanceof MongoTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The answer to a request the store could not serve: 503, to be retried. */
    public static ProblemDetail storeUnavailable(ServerWebExchange exchange) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE, exchange);
    }

    /** Writes {@link #storeUnavailable} straight to the response, with its Retry-After. */
    public Mono<Void> writeStoreUnavailable(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, STORE_RETRY_AFTER_SECONDS);
        return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE);
    }

    /** Writes a problem straight to the response (used by security and filters). */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(of(status, detail, exchange));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
