package dev.threadline.app.security;

import dev.threadline.events.DomainException;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Development mode only: mints a token for any user id. */
@RestController
@Conditional(DevAuthCondition.class)
class DevTokenCommandController {

    static final int MAX_USER_ID_LENGTH = 128;

    private final DevTokens tokens;

    DevTokenCommandController(DevTokens tokens) {
        this.tokens = tokens;
    }

    record TokenRequest(String userId) {}

    @PostMapping("/api/dev/token")
    @ResponseStatus(HttpStatus.CREATED)
    DevTokens.Minted mint(@RequestBody TokenRequest request) {
        String userId = request.userId() == null ? "" : request.userId().strip();
        if (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH) {
            throw DomainException.invalid("userId is required (at most " + MAX_USER_ID_LENGTH + " characters)");
        }
        return tokens.mint(userId);
    }
}
