package dev.threadline.app.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development store: a Mongo-wire server inside this JVM, on loopback, keeping its data in an H2 file so that
 * it survives restarts. It is not a production MongoDB (no secondary indexes, no replication).
 */
final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    static final int COMMIT_DELAY_MILLIS = 100;

    private final MongoServer server;
    private final InetSocketAddress address;

    EmbeddedMongoServer(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDirectory, e);
        }
        Path file = dataDirectory.resolve("threadline.mv").toAbsolutePath();
        H2Backend backend = new ValueOrderedH2Backend(file.toString());
        // The store writes its changes to the file in the background; by default once a second, which a killed
        // process would lose. A tenth of a second keeps that window small at little cost.
        backend.getMvStore().setAutoCommitDelay(COMMIT_DELAY_MILLIS);
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
        log.warn(
                "DEVELOPMENT STORE: embedded Mongo-wire server on {}:{} with data in {}. Set MONGODB_URI to use a real"
                        + " MongoDB.",
                address.getHostString(),
                address.getPort(),
                file);
    }

    String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    @Override
    public void close() {
        log.info("Stopping the embedded store");
        server.shutdownNow();
    }
}
