package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dataDir;

    @Test
    void recordsAreChainedAndAnEditInTheMiddleIsFound() throws Exception {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
            log.append("run-1", "apply.started", "scephub.yaml", "changes=2");
            log.append("run-1", "change.applied", "intune.scep-profile/w", "action=create");
            log.append("run-1", "apply.succeeded", "run", "applied=2");

            assertThat(log.entries()).extracting(AuditLog.Entry::seq).containsExactly(1L, 2L, 3L);
            assertThat(log.entries().get(1).prevHash()).isEqualTo(log.entries().get(0).hash());
            assertThat(log.verifyChain()).isEqualTo(-1);

            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_log SET detail = 'action=delete' WHERE seq = 2");
            }
            assertThat(log.verifyChain()).isEqualTo(2);
        }
    }

    @Test
    void theLogSurvivesReopeningTheEmbeddedDatabase() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            new AuditLog(store.dataSource(), Clock.systemUTC()).append("run-1", "apply.started", "f", "d");
        }
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC());
            log.append("run-2", "apply.started", "f", "d");
            assertThat(log.entries()).extracting(AuditLog.Entry::runId).containsExactly("run-1", "run-2");
            assertThat(log.verifyChain()).isEqualTo(-1);
        }
    }
}
