package io.scephub.hub.expiry;

import io.scephub.config.ScephubConfig;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.notify.Notifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the expiry watch under {@code serve}: loads scephub.yaml afresh, asks the connectors
 * and the file for the watched credentials, refreshes the gauges and sends the {@code expiry}
 * notices that are due. A failure is logged and the next round tries again.
 */
public final class ExpiryMonitor implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ExpiryMonitor.class);

    private final Hub hub;
    private final Path configFile;
    private final Optional<ExpiryGauges> gauges;
    private final NotificationLog notifications;
    private final DeliveryPolicy delivery;
    private final Clock clock;

    public ExpiryMonitor(Hub hub, Path configFile, Optional<ExpiryGauges> gauges, NotificationLog notifications, DeliveryPolicy delivery,
                         Clock clock) {
        this.hub = hub;
        this.configFile = configFile;
        this.gauges = gauges;
        this.notifications = notifications;
        this.delivery = delivery;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("expiry_check_failed error={}", e instanceof io.scephub.core.error.ScephubException ? e.getMessage()
                    : e.getClass().getSimpleName());
        }
    }

    /** One round; returns the credentials it found. */
    public List<CredentialExpiry> check() {
        ScephubConfig config = hub.load(configFile);
        List<CredentialExpiry> credentials = new java.util.ArrayList<>();
        // Each tenant's credentials through its own connectors; one tenant failing to open does not hide the others'.
        for (String tenant : config.tenantNames()) {
            ScephubConfig one = config.forTenant(tenant);
            try (HubSession session = hub.open(one)) {
                credentials.addAll(ExpiryWatch.collect(one, session.connectors()));
            } catch (RuntimeException e) {
                if (config.tenants().size() == 1) {
                    throw e;
                }
                log.warn("expiry_check_failed tenant={} error={}", tenant, e instanceof io.scephub.core.error.ScephubException
                        ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        gauges.ifPresent(g -> g.update(credentials));
        if (!config.alerting().notifications().isEmpty()) {
            Notifier notifier = Notifier.of(config, hub.env().env(), notifications, delivery, clock);
            int sent = new ExpiryAlerts(notifier, clock).send(credentials, config.alerting().expiryWarning());
            log.info("expiry_checked credentials={} notices_sent={}", credentials.size(), sent);
        }
        return credentials;
    }
}
