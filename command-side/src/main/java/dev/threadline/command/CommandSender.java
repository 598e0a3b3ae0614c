package dev.threadline.command;

import dev.threadline.events.DomainException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends commands from reactive code. Handlers do blocking store I/O, so they run on the bounded-elastic scheduler,
 * never on a Netty event loop. A command that loses an optimistic-concurrency race (another node wrote the same
 * aggregate) is retried a few times against the fresh state, then answered as a conflict.
 */
@Component
public class CommandSender {

    static final int MAX_ATTEMPTS = 5;

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public Mono<CommandResult> send(Object command) {
        return Mono.defer(() -> Mono.fromFuture(gateway.<CommandResult>send(command)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .retryWhen(Retry.backoff(MAX_ATTEMPTS - 1, Duration.ofMillis(10))
                        .filter(ConcurrencyException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) ->
                                DomainException.conflict("The conversation changed concurrently; please retry")));
    }
}
