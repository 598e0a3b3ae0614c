package dev.threadline.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
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

    /**
     * Whether a failure, however deeply wrapped, means the request can simply be retried later: the store could not
     * be reached, so nothing was sent; or, for a request that only reads, the store failed in any way. A write whose
     * connection broke after sending may have landed, so that is no "retry later".
     */
    public static boolean isStoreUnavailable(Throwable failure, boolean readOnly) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketOpenException) {
                return true;
            }
            if (readOnly
                    && (cause instanceof DataAccessResourceFailureException || cause instanceof MongoSocketException)) {
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
