package io.scephub.hub;

import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.reads.KeptReads;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.JdbcReadRecords;
import io.scephub.hub.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hub's {@link ConnectorContext}: secrets resolved from env/files and registered for redaction before use,
 * and reads kept in the session's state store.
 */
final class HubConnectorContext implements ConnectorContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HubConnectorContext.class);
    private final Function<SecretRef, Secret> secrets;
    private final VendorHttp http;
    private final Clock clock;
    private final SessionStateStore store;
    private final KeptReadsMode mode;
    private final Duration reuseReadsFor;
    private final String tenant;
    private final boolean storeOnFirstUse;

    /**
     * @param storeOnFirstUse whether kept reads open the store when first used rather than when the connector opens
     *                        (sessions that only read devices or fleets)
     */
    HubConnectorContext(Function<SecretRef, Secret> secrets, VendorHttp http, Clock clock, SessionStateStore store,
                        KeptReadsMode mode, Duration reuseReadsFor, String tenant, boolean storeOnFirstUse) {
        this.tenant = tenant;
        this.storeOnFirstUse = storeOnFirstUse;
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
        this.store = store;
        this.mode = mode;
        this.reuseReadsFor = reuseReadsFor;
    }

    @Override
    public Secret secret(SecretRef ref) {
        Secret secret = secrets.apply(ref);
        http.redact(secret.reveal());
        return secret;
    }

    @Override
    public VendorHttp http() {
        return http;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Opens the state store, here (a plan or an apply: a store that cannot be opened fails both alike, before any
     * vendor is read) or, for a session that only reads devices or fleets, when the connector first recalls, records
     * or forgets a read. A store that cannot be opened fails the run rather than reading without it, except for a
     * check, which then reads without keeping.
     */
    @Override
    public ReadReuse readReuse(String connector, String scope, int format) {
        if (reuseReadsFor.isZero()) {
            // Keeping is off: nothing is kept and the store is not opened for it.
            return ReadReuse.none();
        }
        Supplier<ReadReuse> kept = () -> {
            Optional<StateStore> opened = open("keeping its reads");
            if (opened.isEmpty()) {
                return ReadReuse.none();
            }
            return new KeptReads(new JdbcReadRecords(opened.get().dataSource(), tenant), connector, scope, format,
                    mode.window(reuseReadsFor), clock);
        };
        if (!storeOnFirstUse) {
            return kept.get();
        }
        // The first recall comes after the connector's sign-in: an existing store is opened meanwhile.
        store.openAhead();
        return new LazyReadReuse(kept);
    }

    /**
     * The ids this tenant's audit log recorded for the objects scephub created, updated or adopted, read
     * only when a listing holds two objects with one marker (the store is opened then, not before).
     */
    @Override
    public KnownObjects knownObjects() {
        return key -> open("knowing which duplicate scephub made")
                .flatMap(opened -> new AuditLog(opened.dataSource(), clock, tenant).lastWrittenId(key.toString()));
    }

    /** The store, or (for a check only, which works without it) empty when it cannot be opened. */
    private Optional<StateStore> open(String without) {
        try {
            return Optional.of(store.get());
        } catch (RuntimeException e) {
            if (mode != KeptReadsMode.CHECK) {
                throw e;
            }
            LOG.debug("state store not available; the check reads without {}: {}", without, e.toString());
            return Optional.empty();
        }
    }
}
