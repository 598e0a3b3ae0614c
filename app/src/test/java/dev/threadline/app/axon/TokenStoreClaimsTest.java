package dev.threadline.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.app.InJvmMongo;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenStoreClaimsTest {

    private final InJvmMongo mongo = new InJvmMongo();
    private final MongoTemplate template = DefaultMongoTemplate.builder()
            .mongoDatabase(mongo.client(), "threadline")
            .build();
    private final AxonConfiguration configuration = new AxonConfiguration();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void twoAppsInOneProcessSharingAStoreNeverWorkTheSameSegmentAtOnce() {
        TokenStore first = configuration.tokenStore(template, JacksonSerializer.defaultSerializer());
        TokenStore second = configuration.tokenStore(template, JacksonSerializer.defaultSerializer());
        first.initializeTokenSegments("transcript", 1);

        first.fetchToken("transcript", 0);

        assertThatThrownBy(() -> second.fetchToken("transcript", 0)).isInstanceOf(UnableToClaimTokenException.class);
        first.releaseClaim("transcript", 0);
        assertThat(second.fetchToken("transcript", 0)).isNull();
    }
}
