package dev.threadline.app.store;

import com.mongodb.ConnectionString;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no MONGODB_URI, every store (events, tokens, read models) points at the embedded server. The Mongo clients
 * depend on the connection details, which depend on the server, so on shutdown the clients close first and the
 * server last; Axon's processors stop before either (they are lifecycle beans).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEmbeddedStore
class EmbeddedStoreConfiguration {

    static final String DATABASE = "threadline";

    @Bean(destroyMethod = "close")
    EmbeddedMongoServer embeddedMongoServer(
            @Value("${threadline.data-dir}") Path dataDirectory,
            @Value("${threadline.store.embedded.port:0}") int port) {
        return new EmbeddedMongoServer(dataDirectory, port);
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(EmbeddedMongoServer server) {
        ConnectionString connectionString = new ConnectionString(server.connectionString(DATABASE));
        return () -> connectionString;
    }
}
