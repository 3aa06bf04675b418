package io.scephub.jamf;

import io.scephub.core.error.VendorError;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.KeepRule;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.resource.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jamf.webhook/scep-challenge}: the Classic API webhook through which Jamf asks {@code scephub
 * serve} for each Mac's one-time SCEP challenge (event {@code SCEPChallenge}, JSON, HTTP Basic).
 * A Jamf webhook has no description, so it cannot carry scephub's marker: scephub owns exactly the
 * webhook named {@value #NAME} whose URL is the configured {@code mdm.jamf.webhook.url}. Any other
 * webhook, even one with that name, is never changed.
 */
final class JamfWebhooks {
    static final String KIND = "jamf.webhook";
    static final String NAME = "scephub SCEPChallenge";
    /** The event name: Jamf's jamfplatform-go-sdk {@code proclassic.WebhookEventSCEPChallenge}. */
    static final String EVENT = "SCEPChallenge";
    static final String CONTENT_TYPE = "application/json";
    static final String AUTH_BASIC = "BASIC";
    static final ResourceKey KEY = new ResourceKey(KIND, "scep-challenge");
    private static final Logger LOG = LoggerFactory.getLogger(JamfWebhooks.class);

    private final JamfClient client;
    /** Which webhook scephub made, should Jamf hold two at the configured URL. */
    private final KnownObjects known;

    JamfWebhooks(JamfClient client, KnownObjects known) {
        this.known = known;
        this.client = client;
    }

    static Resource desired(JamfWebhookSettings settings, String connector) {
        return Resource.builder(KEY, connector)
                .attribute("name", NAME)
                .attribute("url", settings.url())
                .attribute("enabled", true)
                .attribute("event", EVENT)
                .attribute("contentType", CONTENT_TYPE)
                .attribute("authenticationType", AUTH_BASIC)
                .attribute("username", settings.username())
                .build();
    }

    /** scephub's webhook (named {@value #NAME}, at the configured URL), read with one list and a GET per namesake. */
    Optional<ActualResource> read(JamfWebhookSettings settings, List<String> notices) {
        List<ActualResource> candidates = new java.util.ArrayList<>();
        for (JamfXml.Ref entry : client.listWebhooks()) {
            if (!NAME.equals(entry.name) || entry.id == null) {
                continue;
            }
            Optional<JamfXml.Webhook> webhook = client.webhook(entry.id);
            if (webhook.isEmpty()) {
                continue;
            }
            if (!settings.url().equals(webhook.get().url)) {
                notices.add("Jamf webhook \"" + NAME + "\" (id " + entry.id + ") points at another URL than mdm.jamf.webhook.url; "
                        + "scephub owns only the one at the configured URL and leaves this one alone (delete it in Jamf if it is "
                        + "an old scephub webhook)");
                continue;
            }
            candidates.add(toActual(webhook.get()));
        }
        if (candidates.size() < 2) {
            return candidates.stream().findFirst();
        }
        // Several at the configured URL: the same rule as for objects carrying one marker (core KeepRule).
        Optional<String> knownId = known.vendorId(KEY);
        List<ActualResource> ordered = candidates.stream()
                .sorted(KeepRule.order(knownId, ActualResource::vendorId, a -> Optional.empty())).toList();
        ActualResource kept = ordered.get(0);
        ordered.stream().skip(1).forEach(other -> notices.add("Jamf has two webhooks \"" + NAME + "\" at " + settings.url()
                + " (ids " + kept.vendorId() + " and " + other.vendorId() + "); Jamf then asks for two challenges per Mac; scephub"
                + " manages " + kept.vendorId() + " (" + KeepRule.SUMMARY + "); delete the other in Jamf"));
        return Optional.of(kept);
    }

    ActualResource create(Resource desired, JamfWebhookSettings settings) {
        long id = client.createWebhook(document(desired, settings));
        LOG.info("jamf webhook created key={} id={}", KEY, id);
        return readBack(id, settings);
    }

    ActualResource update(Resource desired, ActualResource actual, JamfWebhookSettings settings) {
        long id = Long.parseLong(actual.vendorId());
        requireOwned(id, settings);
        client.updateWebhook(id, document(desired, settings));
        LOG.info("jamf webhook updated key={} id={}", KEY, id);
        return readBack(id, settings);
    }

    void delete(ActualResource actual, Optional<JamfWebhookSettings> settings) {
        long id = Long.parseLong(actual.vendorId());
        Optional<JamfXml.Webhook> current = client.webhook(id);
        if (current.isEmpty()) {
            return;
        }
        String url = String.valueOf(actual.attributes().get("url"));
        if (!NAME.equals(current.get().name) || !url.equals(current.get().url)) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, KEY + ": Jamf webhook " + id + " is no longer \"" + NAME
                    + "\" at " + url + "; scephub does not delete it");
        }
        client.deleteWebhook(id);
        LOG.info("jamf webhook deleted key={} id={}", KEY, id);
    }

    private void requireOwned(long id, JamfWebhookSettings settings) {
        JamfXml.Webhook current = client.webhook(id).orElseThrow(() -> new VendorError(JamfErrors.VENDOR, 404, null, null,
                KEY + ": webhook " + id + " is gone; run plan again to create it"));
        if (!NAME.equals(current.name) || !settings.url().equals(current.url)) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, KEY + ": Jamf webhook " + id + " is no longer \"" + NAME
                    + "\" at " + settings.url() + "; scephub does not change it");
        }
    }

    /** The webhook a write answered with: scephub's only if it has the name and URL written; otherwise the outcome is unknown. */
    private ActualResource readBack(long id, JamfWebhookSettings settings) {
        JamfXml.Webhook written = client.webhook(id).orElseThrow(() -> new VendorError(JamfErrors.VENDOR, 404, null, null,
                KEY + ": webhook " + id + " vanished right after it was written"));
        if (!NAME.equals(written.name) || !settings.url().equals(written.url)) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, KEY + ": Jamf answered the write with webhook " + id
                    + ", which is not \"" + NAME + "\" at " + settings.url() + "; the outcome is unknown, run plan again");
        }
        return toActual(written);
    }

    private static JamfXml.Webhook document(Resource desired, JamfWebhookSettings settings) {
        Map<String, Object> a = desired.attributes();
        JamfXml.Webhook webhook = new JamfXml.Webhook();
        webhook.name = String.valueOf(a.get("name"));
        webhook.enabled = Boolean.TRUE.equals(a.get("enabled"));
        webhook.url = String.valueOf(a.get("url"));
        webhook.contentType = String.valueOf(a.get("contentType"));
        webhook.event = String.valueOf(a.get("event"));
        webhook.authenticationType = String.valueOf(a.get("authenticationType"));
        webhook.username = String.valueOf(a.get("username"));
        // Sent on every write: Jamf returns only a redaction sentinel, so a changed password cannot be seen on read.
        webhook.password = settings.password().reveal();
        webhook.smartGroupId = -1L;
        return webhook;
    }

    private ActualResource toActual(JamfXml.Webhook webhook) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", webhook.name);
        attributes.put("url", webhook.url);
        attributes.put("enabled", Boolean.TRUE.equals(webhook.enabled));
        attributes.put("event", webhook.event);
        attributes.put("contentType", webhook.contentType);
        attributes.put("authenticationType", webhook.authenticationType);
        attributes.put("username", webhook.username);
        return new ActualResource(KEY, JamfConnectorProvider.ID, String.valueOf(webhook.id), attributes, Map.of(), Set.of());
    }
}
