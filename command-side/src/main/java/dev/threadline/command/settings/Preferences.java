package dev.threadline.command.settings;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import dev.threadline.events.settings.UserSettingsChanged;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One person's settings. The first change stores the defaults merged with it. */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Preferences {

    static final Set<String> DISPLAY_MODES = Set.of("zen", "standard", "developer");
    static final Set<String> SCOPES = Set.of("harness", "session");
    static final Set<String> WORKSPACES_MODES = Set.of("basic", "workspaces");

    @AggregateIdentifier
    private String id;

    private UserSettings stored;

    Preferences() {
        // for Axon and for snapshots
    }

    static String idOf(UserId owner) {
        return "settings:" + owner.value();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(ChangeUserSettings command) {
        UserSettings patch = command.patch();
        check("displayMode", patch.displayMode(), DISPLAY_MODES);
        check("chatConfigScope", patch.chatConfigScope(), SCOPES);
        check("modelSelectorMode", patch.modelSelectorMode(), SCOPES);
        check("workspacesMode", patch.workspacesMode(), WORKSPACES_MODES);
        UserSettings next = patch.over(stored == null ? UserSettings.DEFAULTS : stored);
        if (!next.equals(stored)) {
            apply(new UserSettingsChanged(command.owner(), next));
        }
        Long version = AggregateLifecycle.getVersion();
        return new CommandResult(idOf(command.owner()), version == null ? 0 : version);
    }

    private static void check(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw DomainException.invalid(
                    "%s must be one of %s".formatted(field, String.join(", ", new TreeSet<>(allowed))));
        }
    }

    @EventSourcingHandler
    void on(UserSettingsChanged event) {
        id = idOf(event.ownerId());
        stored = event.settings();
    }
}
