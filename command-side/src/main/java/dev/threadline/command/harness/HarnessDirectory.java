package dev.threadline.command.harness;

import dev.threadline.command.AggregateReader;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import java.util.Optional;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** The current configuration of a caller's harness, read from the aggregate. */
@Component
public class HarnessDirectory {

    private final AggregateReader<Harness> harnesses;

    public HarnessDirectory(@Qualifier("harnessRepository") Repository<Harness> repository) {
        this.harnesses = new AggregateReader<>(repository);
    }

    /** The harness's configuration if it exists and is the caller's; empty otherwise (never told apart). */
    public Optional<HarnessConfiguration> find(HarnessId harnessId, UserId caller) {
        return harnesses.read(harnessId.value(), harness -> harness.configurationFor(caller));
    }
}
