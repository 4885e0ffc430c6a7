// Fanfare's embedded MongoDB-compatible store: mongo-java-server with its memory or H2 backend,
// bound to 127.0.0.1. Compiled and started by scripts/services.mjs; not part of the app.
//
//   java -cp 'lib/*:classes' FanfareStore --backend memory|h2 [--file store.mv.db] [--port 0]
//
// Prints "READY port=<n> backend=<…>" on stdout once it accepts connections. SIGTERM closes the
// server and then the backend, so H2 writes its last changes and a clean-shutdown mark.

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;

public final class FanfareStore {

    /**
     * The server version we report. mongo-java-server 1.47.0 reports MongoDB 5.0 with wire version
     * 8, and the MongoDB Node.js driver 7.x (under mongoose 9) refuses any server below wire
     * version 9 ("reports maximum wire version 8, but this version of the Node.js Driver requires
     * at least 9"). We claim 4.4 / wire 9 on purpose: it is the lowest version the driver accepts,
     * so the driver uses as few newer protocol features as possible; Fanfare's test suite passes
     * against it. scripts/services.mjs connects with the driver right after start-up and explains
     * the failure if a later driver raises its minimum again. `--stock-version` keeps the
     * library's own version, to see that failure on purpose.
     */
    static final MongoVersion REPORTED = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws Exception {
        // slf4j-simple writes to stderr; stdout carries only the READY line. The handler logs
        // every failed command (each duplicate key, say) with a stack trace under this name.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
            System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        String handlerLog = "org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler";
        System.setProperty(handlerLog, System.getProperty(handlerLog, "off"));
        String backendName = "memory";
        String file = null;
        String host = "127.0.0.1";
        int port = 0;
        boolean stockVersion = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> backendName = args[++i];
                case "--file" -> file = args[++i];
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--stock-version" -> stockVersion = true;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }

        MongoBackend inner;
        MVStore mvStore = null;
        if (backendName.equals("memory")) {
            inner = new MemoryBackend();
        } else if (backendName.equals("h2")) {
            if (file == null) {
                System.err.println("--backend h2 needs --file");
                System.exit(2);
            }
            // No background writer: it commits with tryCommit(), which hands the chunk to a writer
            // thread and returns before it is in the file, so a request that then saw "no unsaved
            // changes" could acknowledge a write still in flight (bench:store lost 1 of 1,333 that
            // way). Without it MVStore has no writer threads and commit() writes synchronously;
            // Gate commits, and compacts now and then (the background writer's other job).
            mvStore = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
            inner = new H2Backend(mvStore);
        } else {
            System.err.println("unknown backend " + backendName + " (memory or h2)");
            System.exit(2);
            return;
        }
        if (!stockVersion) inner.version(REPORTED);

        Gate backend = new Gate(inner, mvStore);
        if (mvStore != null) backend.compactEvery(30);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        InetSocketAddress bound = server.getLocalAddress();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }, "fanfare-store-shutdown"));

        System.out.println("READY port=" + bound.getPort() + " backend=" + inner);
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * The backend the server talks to: answers `hello` (mongo-java-server only knows the legacy
     * `isMaster`) and, with an MVStore, commits every change to the file before its reply goes
     * back, so an acknowledged write survives `kill -9` of this process.
     *
     * Every request holds the read side of a fair lock while it runs; a commit takes the write
     * side, so it waits for the requests in flight and each commit stores a state between
     * requests, never half of an insert (document written, index entry not yet). One commit
     * covers every change made since the last, so concurrent writers share commits. MVStore's
     * commit() blocks on its store lock (unlike tryCommit()) and, with no background writer,
     * writes the chunk in the calling thread, so it returns only once the change is in the file.
     */
    static final class Gate implements MongoBackend {
        private final MongoBackend inner;
        private final MVStore mvStore;
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

        Gate(MongoBackend inner, MVStore mvStore) {
            this.inner = inner;
            this.mvStore = mvStore;
        }

        private <T> T request(Supplier<T> handle) {
            if (mvStore == null) return handle.get();
            T result;
            boolean changed;
            lock.readLock().lock();
            try {
                result = handle.get();
            } finally {
                // Asked while still holding the read side: no commit can be half done now, so
                // "nothing unsaved" means this request's changes are already in the file. (Asked
                // after unlocking, a commit that had just begun would answer "nothing unsaved"
                // before its chunk was written.) Also after a failed request: an insertMany may
                // have stored part of its batch.
                changed = mvStore.hasUnsavedChanges();
                lock.readLock().unlock();
                if (changed) commit();
            }
            return result;
        }

        private void commit() {
            lock.writeLock().lock();
            try {
                if (mvStore.hasUnsavedChanges()) mvStore.commit();
            } finally {
                lock.writeLock().unlock();
            }
        }

        /** Rewrites sparsely used chunks so the file does not grow without bound, between requests. */
        void compactEvery(int seconds) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fanfare-store-compact");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                lock.writeLock().lock();
                try {
                    mvStore.compact(50, 4 << 20);
                    if (mvStore.hasUnsavedChanges()) mvStore.commit();
                } catch (RuntimeException e) {
                    System.err.println("fanfare-store: compaction failed: " + e);
                } finally {
                    lock.writeLock().unlock();
                }
            }, seconds, seconds, TimeUnit.SECONDS);
        }

        private static Document hello(Document isMaster) {
            Document reply = new Document(isMaster);
            reply.remove("ismaster");
            reply.put("isWritablePrimary", Boolean.TRUE);
            return reply;
        }

        @Override
        public Document handleCommand(Channel channel, String db, String command, Document query) {
            if (command.equalsIgnoreCase("hello")) {
                return hello(inner.handleCommand(channel, db, "ismaster", query));
            }
            return request(() -> inner.handleCommand(channel, db, command, query));
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            Document query = message.getDocument();
            String command = query.keySet().iterator().next();
            if (command.equalsIgnoreCase("hello")) {
                return handleCommand(message.getChannel(), message.getDatabaseName(), command, query);
            }
            return request(() -> inner.handleMessage(message));
        }

        @Override
        public QueryResult handleQuery(MongoQuery query) {
            return request(() -> inner.handleQuery(query));
        }

        @Override
        public void handleClose(Channel channel) {
            inner.handleClose(channel);
        }

        @Override
        public void dropDatabase(String database) {
            request(() -> {
                inner.dropDatabase(database);
                return null;
            });
        }

        @Override
        public Collection<Document> getCurrentOperations(MongoQuery query) {
            return inner.getCurrentOperations(query);
        }

        @Override
        public Document getServerStatus() {
            return inner.getServerStatus();
        }

        @Override
        public void close() {
            // H2Backend.close() closes the MVStore, which stores what is left and marks the file
            // as cleanly closed, so the next start need not recover.
            if (mvStore != null) lock.writeLock().lock();
            inner.close();
        }

        @Override
        public void closeCursors(List<Long> cursorIds) {
            inner.closeCursors(cursorIds);
        }

        @Override
        public Clock getClock() {
            return inner.getClock();
        }

        @Override
        public void enableOplog() {
            inner.enableOplog();
        }

        @Override
        public void disableOplog() {
            inner.disableOplog();
        }

        @Override
        public MongoDatabase resolveDatabase(String database) {
            return inner.resolveDatabase(database);
        }

        @Override
        public MongoBackend version(MongoVersion version) {
            inner.version(version);
            return this;
        }
    }
}
