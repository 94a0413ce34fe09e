package dev.moniker.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Conversations in PostgreSQL ({@code state_storage: {type: postgres, connection_string: ...}}), shared by every
 * replica, through Vert.x's reactive PostgreSQL client (the one Quarkus' reactive client extension provides):
 * non-blocking on the event loop, a small pool, each statement bounded by {@code timeout}.
 *
 * <p>One table, {@code moniker_responses}, created when missing. Rows past {@code retention} are never returned and
 * are deleted every ten minutes. What this replica wrote is also kept in a local {@link MemoryConversationStore},
 * so a caller continuing at once on the same replica never waits for, or misses, its own write.
 */
public final class PostgresConversationStore implements ConversationStore {

    private static final Logger LOG = Logger.getLogger(PostgresConversationStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long this replica answers its own writes from memory. */
    private static final Duration RECENT = Duration.ofSeconds(10);
    static final String TABLE = """
            CREATE TABLE IF NOT EXISTS moniker_responses (
              id text PRIMARY KEY,
              owner text,
              response jsonb NOT NULL,
              conversation jsonb NOT NULL,
              stored_at timestamptz NOT NULL)""";

    private final Pool pool;
    private final Vertx vertx;
    private final String where;
    private final Duration retention;
    private final Duration timeout;
    private final Clock clock;
    private final MemoryConversationStore recent;
    /** Set once the table is known to exist (a failed creation is tried again by the next statement). */
    private volatile boolean schemaReady;
    /** The one creation in flight, shared by every statement that arrives meanwhile (concurrent creations clash). */
    private Uni<Void> creating;
    private final long sweeper;
    private final long reporter;
    /** Writes that failed since the last report: logged once per ten seconds, not once per response. */
    private final java.util.concurrent.atomic.AtomicLong unstored = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastFailure = "";

    public PostgresConversationStore(Vertx vertx, String url, Duration retention, Duration timeout, Clock clock) {
        this.vertx = vertx;
        this.where = where(url);
        this.retention = retention;
        this.timeout = timeout;
        this.clock = clock;
        // Long enough to read its own write back at once, short enough that a delete on another replica shows soon.
        this.recent = new MemoryConversationStore(1000, RECENT.compareTo(retention) < 0 ? RECENT : retention, clock);
        // A bounded wait queue: past it a write fails at once (and is counted) rather than queueing without end.
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4).setMaxWaitQueueSize(256))
                .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
        this.sweeper = vertx.setPeriodic(600_000, id -> sweep());
        this.reporter = vertx.setPeriodic(10_000, id -> report());
    }

    /** {@code host:port/database} of a connection string, without its user and password. */
    static String where(String url) {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    }

    @Override
    public Uni<Optional<StoredResponse>> get(String id) {
        Optional<StoredResponse> local = recent.lookup(id);
        if (local.isPresent()) {
            return Uni.createFrom().item(local);
        }
        return schema().flatMap(ready -> bounded(() -> pool.preparedQuery(
                "SELECT owner, response::text, conversation::text, stored_at FROM moniker_responses "
                        + "WHERE id = $1 AND stored_at > $2").execute(Tuple.of(id, oldest()))))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(read(id, rows.iterator().next()))
                        : Optional.<StoredResponse>empty());
    }

    @Override
    public Uni<Void> put(StoredResponse response) {
        recent.remember(response);
        return schema().flatMap(ready -> bounded(() -> pool.preparedQuery(
                "INSERT INTO moniker_responses (id, owner, response, conversation, stored_at) "
                        + "VALUES ($1, $2, $3::jsonb, $4::jsonb, $5) ON CONFLICT (id) DO UPDATE SET owner = $2, "
                        + "response = $3::jsonb, conversation = $4::jsonb, stored_at = $5")
                // As Vert.x JSON values: a String bound to a jsonb parameter would be stored as one JSON string.
                .execute(Tuple.of(response.id(), response.owner(), new JsonObject(response.response().toString()),
                        new JsonArray(response.conversation().toString()), response.storedAt().atOffset(ZoneOffset.UTC)))))
                .replaceWithVoid()
                .onFailure().invoke(failure -> {
                    unstored.incrementAndGet();
                    lastFailure = failure.getMessage();
                });
    }

    @Override
    public Uni<Boolean> delete(String id) {
        boolean here = recent.forget(id);
        return schema().flatMap(ready -> bounded(() -> pool.preparedQuery("DELETE FROM moniker_responses WHERE id = $1")
                .execute(Tuple.of(id)))).map(rows -> here || rows.rowCount() > 0);
    }

    @Override
    public String describe() {
        return "postgres " + where;
    }

    private void report() {
        long failed = unstored.getAndSet(0);
        if (failed > 0) {
            LOG.warnf("%d responses were not stored in the last 10 s (kept in this replica's memory for 10 s only): %s",
                    failed, lastFailure);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(sweeper);
        vertx.cancelTimer(reporter);
        report();
        pool.close();
    }

    private void sweep() {
        schema().flatMap(ready -> bounded(() -> pool.preparedQuery("DELETE FROM moniker_responses WHERE stored_at <= $1")
                .execute(Tuple.of(oldest())))).subscribe().with(
                rows -> LOG.debugf("removed %d stored responses past retention", rows.rowCount()),
                failure -> LOG.warnf("could not remove old stored responses from %s: %s", where, failure.getMessage()));
    }

    private Uni<Void> schema() {
        if (schemaReady) {
            return Uni.createFrom().voidItem();
        }
        synchronized (this) {
            if (creating == null) {
                creating = bounded(() -> pool.query(TABLE).execute().<Void>mapEmpty())
                        .invoke(() -> schemaReady = true)
                        .onFailure().invoke(() -> {
                            synchronized (this) {
                                creating = null; // tried again by the next statement
                            }
                        })
                        .memoize().indefinitely();
            }
            return creating;
        }
    }

    private OffsetDateTime oldest() {
        return clock.instant().minus(retention).atOffset(ZoneOffset.UTC);
    }

    private static StoredResponse read(String id, Row row) {
        try {
            return new StoredResponse(id, (ObjectNode) MAPPER.readTree(row.getString(1)),
                    (ArrayNode) MAPPER.readTree(row.getString(2)), row.getString(0),
                    row.getOffsetDateTime(3).toInstant());
        } catch (java.io.IOException e) {
            throw new StoreUnavailable("a stored response could not be read: " + e.getMessage());
        }
    }

    /** A statement as a {@code Uni}, failing with {@link StoreUnavailable} when it fails or passes the timeout. */
    private <T> Uni<T> bounded(Supplier<Future<T>> statement) {
        Context caller = Vertx.currentContext();
        Uni<T> result = Uni.createFrom().completionStage(() -> statement.get().toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new StoreUnavailable("the conversation store at " + where
                        + " did not answer within " + timeout.toMillis() + " ms"))
                .onFailure(failure -> !(failure instanceof StoreUnavailable))
                .transform(failure -> new StoreUnavailable("the conversation store at " + where + " failed: "
                        + failure.getMessage()));
        // Back on the caller's event loop: an exchange stays on the loop it started on.
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
