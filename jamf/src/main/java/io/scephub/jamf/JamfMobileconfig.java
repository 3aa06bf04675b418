package io.scephub.jamf;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mobileconfig (plist) of scephub's Jamf profile: one {@code com.apple.security.scep} payload
 * with the device-certificate settings, only keys of Apple's SCEP payload schema (apple/device-management
 * {@code mdm/profiles/com.apple.security.scep.yaml}). No {@code Challenge}: Jamf fills it per Mac from its
 * SCEPChallenge webhook, which {@code scephub serve} answers (see {@link JamfScepChallengeWebhook}). Built and parsed here.
 */
final class JamfMobileconfig {
    static final String SCEP_TYPE = "com.apple.security.scep";

    /** Everything scephub sets in the mobileconfig. {@code subject} is {@code CN=...,O=...}. */
    record Scep(String identifier, String uuid, String scepIdentifier, String scepUuid, String displayName, String url,
                String caName, String subject, long keySize, long keyUsage) {
    }

    private JamfMobileconfig() {
    }

    static String write(Scep scep) {
        NSDictionary content = new NSDictionary();
        content.put("URL", scep.url());
        content.put("Name", scep.caName());
        content.put("Subject", subjectArray(scep.subject()));
        content.put("Keysize", scep.keySize());
        content.put("Key Type", "RSA");
        content.put("Key Usage", scep.keyUsage());
        content.put("KeyIsExtractable", false);
        content.put("AllowAllAppsAccess", false);
        content.put("Retries", 3);
        content.put("RetryDelay", 10);
        NSDictionary payload = new NSDictionary();
        payload.put("PayloadType", SCEP_TYPE);
        payload.put("PayloadVersion", 1);
        payload.put("PayloadIdentifier", scep.scepIdentifier());
        payload.put("PayloadUUID", scep.scepUuid());
        payload.put("PayloadDisplayName", "Okta Device Access SCEP");
        payload.put("PayloadContent", content);
        NSDictionary top = new NSDictionary();
        top.put("PayloadType", "Configuration");
        top.put("PayloadVersion", 1);
        top.put("PayloadIdentifier", scep.identifier());
        top.put("PayloadUUID", scep.uuid());
        top.put("PayloadDisplayName", scep.displayName());
        top.put("PayloadScope", "System");
        top.put("PayloadContent", new NSArray(payload));
        return top.toXMLPropertyList();
    }

    /**
     * The {@code general/payloads} text to send for a plist: escaped once more, so that Jamf's
     * validator, which entity-decodes the text once and refuses a bare {@code &} or {@code <}
     * (409 "Unable to update the database"), gets the plist back intact. This is the
     * "escaped-CDATA" wire form wire-probed in Jamf-Concepts/jamf-cli#310 and
     * jamf/terraform-provider-jamfplatform#305 (Jamf PI-827); the XML writer adds the outer layer.
     */
    static String wireForm(String plist) {
        return plist.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A string value as Jamf stored it, without the extra entity layer Jamf adds to the payload types it
     * does not re-render (PI-827); a value Jamf re-rendered has none and comes back unchanged.
     */
    static String normalised(String stored) {
        if (stored == null || stored.indexOf('&') < 0) {
            return stored;
        }
        return stored.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** The SCEP settings of a stored mobileconfig; empty when it has no SCEP payload or is not a plist. */
    static Optional<Scep> read(String plist) {
        if (plist == null || plist.isBlank()) {
            return Optional.empty();
        }
        NSDictionary top;
        try {
            NSObject parsed = PropertyListParser.parse(plist.getBytes(StandardCharsets.UTF_8));
            if (!(parsed instanceof NSDictionary d)) {
                return Optional.empty();
            }
            top = d;
        } catch (Exception notAPlist) {
            return Optional.empty();
        }
        if (!(top.objectForKey("PayloadContent") instanceof NSArray payloads)) {
            return Optional.empty();
        }
        for (NSObject item : payloads.getArray()) {
            if (item instanceof NSDictionary payload && SCEP_TYPE.equals(string(payload, "PayloadType"))
                    && payload.objectForKey("PayloadContent") instanceof NSDictionary content) {
                return Optional.of(new Scep(string(top, "PayloadIdentifier"), string(top, "PayloadUUID"),
                        string(payload, "PayloadIdentifier"), string(payload, "PayloadUUID"), string(top, "PayloadDisplayName"),
                        string(content, "URL"), string(content, "Name"), subjectString(content.objectForKey("Subject")),
                        number(content, "Keysize"), number(content, "Key Usage")));
            }
        }
        return Optional.empty();
    }

    /** {@code CN=a,O=b} → {@code [[["CN","a"]],[["O","b"]]]}; a backslash escapes a comma. */
    static NSArray subjectArray(String subject) {
        List<NSObject> rdns = new ArrayList<>();
        for (String part : subject.split("(?<!\\\\),")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("certificate subject part \"" + part + "\" is not TYPE=value");
            }
            String value = part.substring(eq + 1).replace("\\,", ",");
            rdns.add(new NSArray(new NSArray(new com.dd.plist.NSString(part.substring(0, eq).trim()),
                    new com.dd.plist.NSString(value))));
        }
        return new NSArray(rdns.toArray(NSObject[]::new));
    }

    private static String subjectString(NSObject subject) {
        if (!(subject instanceof NSArray rdns)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (NSObject rdn : rdns.getArray()) {
            if (rdn instanceof NSArray set) {
                for (NSObject pair : set.getArray()) {
                    if (pair instanceof NSArray kv && kv.count() == 2) {
                        parts.add(kv.objectAtIndex(0).toJavaObject() + "=" + normalised(kv.objectAtIndex(1).toJavaObject().toString())
                                .replace(",", "\\,"));
                    }
                }
            }
        }
        return String.join(",", parts);
    }

    private static String string(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        return value == null ? null : normalised(value.toJavaObject().toString());
    }

    private static long number(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        return value instanceof com.dd.plist.NSNumber n ? n.longValue() : 0;
    }
}
