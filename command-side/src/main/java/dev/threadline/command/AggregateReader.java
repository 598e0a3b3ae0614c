package dev.threadline.command;

import java.util.Optional;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Reads the current state of an aggregate from its repository (cache, snapshot and events), for a rule that spans
 * aggregates, such as "the harness of a new conversation must be the caller's". Nothing is written.
 */
public final class AggregateReader<A> {

    private final Repository<A> repository;

    public AggregateReader(Repository<A> repository) {
        this.repository = repository;
    }

    /** What {@code reader} sees in the aggregate, or empty when it does not exist or the reader answers null. */
    public <R> Optional<R> read(String aggregateId, Function<A, R> reader) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return Optional.ofNullable(repository.load(aggregateId).invoke(reader));
        } catch (AggregateNotFoundException absent) {
            return Optional.empty();
        } finally {
            unitOfWork.rollback();
        }
    }
}
