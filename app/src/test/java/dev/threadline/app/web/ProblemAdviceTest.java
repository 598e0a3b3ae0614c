package dev.threadline.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ProblemAdviceTest {

    private final ProblemAdvice advice = new ProblemAdvice();
    private final MockServerWebExchange post =
            MockServerWebExchange.from(MockServerHttpRequest.post("/api/conversations"));

    @Test
    void anAppendThatCouldNotReachTheStoreIsA503ToRetry() {
        Exception wrapped = new EventStoreException(
                "An event for aggregate [c-1] could not be stored",
                new MongoSocketOpenException("Exception opening socket", new ServerAddress()));

        ResponseEntity<ProblemDetail> answer = advice.failed(wrapped, post);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getDetail()).isEqualTo("The store is unavailable; retry later");
        assertThat(advice.failed(new MongoTimeoutException("Timed out waiting for a server"), post)
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void anAppendWhoseConnectionBrokeAfterSendingIsNoRetryLaterForItMayHaveLanded() {
        Exception wrapped = new EventStoreException(
                "An event for aggregate [c-1] could not be stored",
                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress()));

        assertThat(advice.failed(wrapped, post).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aReadTheStoreFailedIsA503ToRetryWhateverTheFailure() {
        MockServerWebExchange get = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations"));

        assertThat(advice.failed(new DataAccessResourceFailureException("down"), get)
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(advice.failed(
                                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress()),
                                get)
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void anyOtherFailureIsAnInternalErrorWithoutItsMessage() {
        ResponseEntity<ProblemDetail> answer = advice.failed(new IllegalStateException("secret internals"), post);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.getBody().getDetail()).isEqualTo("Internal error");
    }
}
