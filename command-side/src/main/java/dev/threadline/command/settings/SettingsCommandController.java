package dev.threadline.command.settings;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Changes to the caller's settings. */
@RestController
@RequestMapping("/api/settings")
class SettingsCommandController {

    private final CommandSender commands;

    SettingsCommandController(CommandSender commands) {
        this.commands = commands;
    }

    @PatchMapping
    Mono<CommandResult> change(UserId caller, @RequestBody UserSettings patch) {
        if (patch == null) {
            return Mono.error(DomainException.invalid("Give the settings to change"));
        }
        return commands.send(new ChangeUserSettings(caller, patch));
    }
}
