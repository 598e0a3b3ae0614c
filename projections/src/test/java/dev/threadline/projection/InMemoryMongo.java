package dev.threadline.projection;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A throw-away Mongo-wire server in memory for projection tests. */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    public final MongoTemplate template;

    public InMemoryMongo() {
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        template = new MongoTemplate(client, "test");
    }

    /** A {@link CaughtUp} for tests that call handlers directly: there is no processor to wait for. */
    public CaughtUp noProcessors() {
        return new CaughtUp(new DefaultListableBeanFactory().getBeanProvider(Configuration.class));
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
