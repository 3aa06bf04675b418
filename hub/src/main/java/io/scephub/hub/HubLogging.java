package io.scephub.hub;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The hub's logging set-up, in code rather than logback.xml: parsing XML costs a one-shot command
 * such as {@code validate} several hundred classes at start-up. Logs go to stderr so stdout stays
 * the command's output (JSON stays machine-readable). {@code SCEPHUB_LOG_LEVEL=INFO} shows one line
 * per vendor call (secrets are redacted). A {@code logback.configurationFile} or a
 * {@code logback-test.xml} on the class path still takes over.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class HubLogging extends ContextAwareBase implements Configurator {
    /** Third-party loggers that are noisy below ERROR (the sandbox's WireMock and Jetty) or below WARN. */
    private static final Map<String, Level> QUIET = Map.of(
            "wiremock", Level.ERROR, "WireMock", Level.ERROR, "org.eclipse.jetty", Level.ERROR,
            "org.flywaydb", Level.WARN, "com.zaxxer.hikari", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || HubLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}: the stderr appender, scephub's levels and the quiet third-party loggers. */
    static void apply(LoggerContext context) {
        FirstUseStderr stderr = new FirstUseStderr();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        String configured = System.getenv("SCEPHUB_LOG_LEVEL");
        Level hub = Level.toLevel(configured, Level.WARN);
        context.getLogger("io.scephub").setLevel(hub);
        // One-shot commands print each change's outcome themselves (Main sets this); the server keeps the WARN line.
        context.getLogger("io.scephub.core.apply.Applier").setLevel(Level.toLevel(System.getProperty(Main.CHANGE_LOG_LEVEL), hub));
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    /**
     * Stderr, through a console appender built on the first event that passes the levels. Building it parses the
     * pattern (about 100 logback classes) and looks up the local time zone, whose rules the JDK finds through a
     * ServiceLoader search of every jar on the class path: a command that logs nothing (offline {@code validate})
     * need not pay for that. {@link AppenderBase#doAppend} is synchronized, so it is built once.
     */
    private static final class FirstUseStderr extends AppenderBase<ILoggingEvent> {
        private ConsoleAppender<ILoggingEvent> console;

        @Override
        protected void append(ILoggingEvent event) {
            if (console == null) {
                PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                encoder.setContext(getContext());
                encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n");
                encoder.start();
                console = new ConsoleAppender<>();
                console.setContext(getContext());
                console.setName(getName());
                console.setTarget("System.err");
                console.setEncoder(encoder);
                console.start();
            }
            console.doAppend(event);
        }

        @Override
        public synchronized void stop() {
            if (console != null) {
                console.stop();
            }
            super.stop();
        }
    }
}
