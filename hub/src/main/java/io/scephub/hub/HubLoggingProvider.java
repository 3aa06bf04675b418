package io.scephub.hub;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding {@link Main} names ({@code slf4j.provider}): logback, set up by {@link HubLogging}, found
 * without a search of the class path.
 *
 * <p>Left to themselves SLF4J looks for its binding, and logback for its configurators and {@code logback-test.xml},
 * through {@link java.util.ServiceLoader} and class-path resources, each of which opens every jar in {@code lib/}
 * (about 150-200 ms of CPU, more than {@code java -version} takes). {@code validate} starts logging without logging
 * anything: db-scheduler's cron parser, which checks the config's cron, has a logger. Main leaves the usual
 * search alone when {@code slf4j.provider} or {@code logback.configurationFile} is set.
 */
public final class HubLoggingProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    private final IMarkerFactory markers = new BasicMarkerFactory();

    @Override
    public void initialize() {
        context.setName("default");
        context.setMDCAdapter(mdc);
        HubLogging.apply(context);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return LogbackServiceProvider.REQUESTED_API_VERSION;
    }
}
