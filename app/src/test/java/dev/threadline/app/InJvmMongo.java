package dev.threadline.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** A throw-away Mongo-wire server in memory, on a free loopback port, with a client connected to it. */
public final class InJvmMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri;
    private final MongoClient client;

    public InJvmMongo() {
        uri = "mongodb://127.0.0.1:" + server.bind().getPort();
        client = MongoClients.create(uri);
    }

    /** The connection string, without a database. */
    public String uri() {
        return uri;
    }

    public MongoClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
