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
import io.vertx.sqlclient.RowSet;
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
 * <p>One table, {@code moniker_responses}, created (or extended) when missing; a row per response holds its own turn
 * and the response it continues ({@link #TABLE}). A response past {@code retention} is never returned; rows past it
 * that no later row continues are deleted every ten minutes. What this replica wrote is also kept in a local {@link MemoryConversationStore},
 * so a caller continuing at once on the same replica never waits for, or misses, its own write.
 */
public final class PostgresConversationStore implements ConversationStore {

    private static final Logger LOG = Logger.getLogger(PostgresConversationStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long this replica answers its own writes from memory. */
    private static final Duration RECENT = Duration.ofSeconds(10);
    /**
     * A row per response: its own turn ({@code turn}: the input it was sent, then its output) and the response it
     * continues ({@code previous}), so a conversation of n turns is stored in n turns' worth of rows, not n^2/2.
     * Rows written before that kept the whole conversation ({@code conversation}); they are read as they are.
     */
    static final String TABLE = """
            CREATE TABLE IF NOT EXISTS moniker_responses (
              id text PRIMARY KEY,
              owner text,
              response jsonb NOT NULL,
              conversation jsonb,
              stored_at timestamptz NOT NULL,
              previous text,
              turn jsonb);
            ALTER TABLE moniker_responses ADD COLUMN IF NOT EXISTS previous text;
            ALTER TABLE moniker_responses ADD COLUMN IF NOT EXISTS turn jsonb;
            ALTER TABLE moniker_responses ALTER COLUMN conversation DROP NOT NULL;
            CREATE INDEX IF NOT EXISTS moniker_responses_previous ON moniker_responses (previous)""";
    /**
     * A response and the rows it continues, newest first, up to a row that holds its whole conversation or begins
     * one. Only the response itself must be within retention: a row stays while a later one continues it.
     */
    static final String CHAIN = """
            WITH RECURSIVE chain AS (
              SELECT id, owner, response, conversation, stored_at, previous, turn, 0 AS depth
                FROM moniker_responses WHERE id = $1 AND stored_at > $2
              UNION ALL
              SELECT r.id, r.owner, NULL::jsonb, r.conversation, r.stored_at, r.previous, r.turn, c.depth + 1
                FROM moniker_responses r JOIN chain c ON r.id = c.previous
                WHERE c.conversation IS NULL AND c.depth < 100000)
            SELECT owner, response::text, conversation::text, stored_at, previous, turn::text, depth
              FROM chain ORDER BY depth""";

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
        return schema().flatMap(ready -> bounded(() -> pool.preparedQuery(CHAIN).execute(Tuple.of(id, oldest()))))
                .map(rows -> read(id, rows));
    }

    @Override
    public Uni<Void> put(StoredResponse response) {
        recent.remember(response);
        return schema().flatMap(ready -> bounded(() -> pool.preparedQuery(
                "INSERT INTO moniker_responses (id, owner, response, conversation, stored_at, previous, turn) "
                        + "VALUES ($1, $2, $3::jsonb, NULL, $4, $5, $6::jsonb) ON CONFLICT (id) DO UPDATE SET "
                        + "owner = $2, response = $3::jsonb, conversation = NULL, stored_at = $4, previous = $5, "
                        + "turn = $6::jsonb")
                // As Vert.x JSON values: a String bound to a jsonb parameter would be stored as one JSON string.
                .execute(Tuple.of(response.id(), response.owner(), new JsonObject(response.response().toString()),
                        response.storedAt().atOffset(ZoneOffset.UTC), response.previous(),
                        new JsonArray(response.turn().toString())))))
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
        // A row past retention goes once no row continues it: the ends of conversations first, their earlier turns
        // at the sweeps after (a row is kept while a conversation still being continued needs it).
        schema().flatMap(ready -> bounded(() -> pool.preparedQuery("DELETE FROM moniker_responses r WHERE "
                + "stored_at <= $1 AND NOT EXISTS (SELECT 1 FROM moniker_responses c WHERE c.previous = r.id)")
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

    /**
     * The response ({@code rows}' first, newest) with its conversation rebuilt from the turns of the rows it
     * continues; a conversation whose earlier response is gone (deleted) is {@code null}: it cannot be continued.
     */
    private static Optional<StoredResponse> read(String id, RowSet<Row> rows) {
        java.util.List<Row> chain = new java.util.ArrayList<>();
        rows.forEach(chain::add);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        try {
            Row head = chain.get(0);
            Row oldest = chain.get(chain.size() - 1);
            ArrayNode conversation = null;
            if (oldest.getString(2) != null || oldest.getString(4) == null) { // whole, or the beginning is there
                conversation = MAPPER.createArrayNode();
                for (int i = chain.size() - 1; i >= 0; i--) {
                    Row row = chain.get(i);
                    String items = row.getString(2) != null ? row.getString(2) : row.getString(5);
                    conversation.addAll((ArrayNode) MAPPER.readTree(items == null ? "[]" : items));
                }
            }
            return Optional.of(new StoredResponse(id, (ObjectNode) MAPPER.readTree(head.getString(1)), conversation,
                    head.getString(0), head.getOffsetDateTime(3).toInstant(), head.getString(4), 0));
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
