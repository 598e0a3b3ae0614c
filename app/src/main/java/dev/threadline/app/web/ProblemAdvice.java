package dev.threadline.app.web;

import dev.threadline.command.credential.CredentialEncryptionException;
import dev.threadline.events.DomainException;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** The one place refusals and failures become problem+json. Clients never see a stack trace. */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> refused(DomainException e, ServerWebExchange exchange) {
        HttpStatus status =
                switch (e.code()) {
                    case NOT_FOUND -> HttpStatus.NOT_FOUND;
                    case FORBIDDEN -> HttpStatus.FORBIDDEN;
                    case INVALID -> HttpStatus.BAD_REQUEST;
                    case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
                    case CONFLICT -> HttpStatus.CONFLICT;
                    case NOT_READY -> HttpStatus.SERVICE_UNAVAILABLE;
                    case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
                    case UPSTREAM_FAILED -> HttpStatus.BAD_GATEWAY;
                };
        ProblemDetail problem = Problems.of(status, e.getMessage(), exchange);
        problem.setProperty("code", e.code().name());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        return response.body(problem);
    }

    /** A command on an id that never existed: the same answer as "not yours". */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknown(AggregateNotFoundException e, ServerWebExchange exchange) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "Not found", exchange));
    }

    /** A sealed value that can no longer be opened (its key was shredded or does not fit): never a 500. */
    @ExceptionHandler(CredentialEncryptionException.class)
    ResponseEntity<ProblemDetail> unreadable(CredentialEncryptionException e, ServerWebExchange exchange) {
        log.warn("A sealed credential could not be opened: {}", e.reason());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(
                        HttpStatus.CONFLICT, "This credential can no longer be read; store its value again", exchange));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalid(WebExchangeBindException e, ServerWebExchange exchange) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid fields", exchange);
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> malformed(ServerWebInputException e, ServerWebExchange exchange) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof DataBufferLimitException) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large", exchange));
        }
        String detail = cause instanceof DecodingException || e.getCause() instanceof DecodingException
                ? "The request body is not valid JSON for this operation"
                : e.getReason() == null ? "The request is malformed" : e.getReason();
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, detail, exchange));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        String detail = e.getReason() == null
                ? HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase()
                : e.getReason();
        return ResponseEntity.status(e.getStatusCode()).body(Problems.of(e.getStatusCode(), detail, exchange));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception e, ServerWebExchange exchange) {
        if (Problems.isStoreUnavailable(
                e, HttpMethod.GET.equals(exchange.getRequest().getMethod()))) {
            // The event store wraps the driver's failure in its own exception, so it is recognised by its cause.
            log.warn(
                    "Store unavailable: {} {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Problems.STORE_RETRY_AFTER_SECONDS)
                    .body(Problems.storeUnavailable(exchange));
        }
        log.error(
                "Request {} {} failed",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", exchange));
    }
}
