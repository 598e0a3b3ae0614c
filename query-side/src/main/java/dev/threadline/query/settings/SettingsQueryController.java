package dev.threadline.query.settings;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import dev.threadline.projection.settings.StoredUserSettings;
import dev.threadline.query.ReadYourWrites;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's settings, defaults filled in; a person who never changed any gets the defaults. */
@RestController
@RequestMapping("/api/settings")
class SettingsQueryController {

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    SettingsQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    Mono<UserSettings> get(UserId caller, @RequestParam(required = false) Long minVersion) {
        return readYourWrites
                .read(mongo.findById(caller.value(), StoredUserSettings.class), StoredUserSettings::version, minVersion)
                .map(stored -> stored.settings().effective())
                .defaultIfEmpty(UserSettings.DEFAULTS);
    }
}
