package dev.threadline.command;

import dev.threadline.events.DomainException;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/** The shape every cascade shares: find the affected ids with a query, then send each a command. */
public final class Cascades {

    private Cascades() {}

    /**
     * Sends {@code commandFor(id)} for every id the query answers. A target that is already gone (NOT_FOUND) is
     * skipped; any other failure fails the event, so its processor retries it and commands already sent repeat
     * harmlessly.
     */
    public static void sendToEach(
            QueryGateway queries, CommandGateway commands, Object query, Function<String, Object> commandFor) {
        List<String> ids = queries.query(query, ResponseTypes.multipleInstancesOf(String.class))
                .join();
        for (String id : ids) {
            try {
                commands.sendAndWait(commandFor.apply(id));
            } catch (DomainException e) {
                if (e.code() != DomainException.Code.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}
