package io.scephub.core.renewal;

import io.scephub.core.error.ScephubException;
import io.scephub.core.model.DesiredState;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides which planned changes make devices enrol again, and how many: a certificate
 * profile's update touching one of its connector's {@link CertificateFleet#reissuingAttributes()}, its
 * replacement, or a redistribution the connector declares as re-enrolling. The count is the devices that hold
 * the profile's certificate now, or for a per-device redistribution the devices the rings selected. A
 * whole-scope redistribution also gets a notice that it re-enrols more than the due wave. Every delete counts 0, but
 * one whose actual object carries the {@link #REENROLS} attribute: the connector counted what its delete lets back in.
 */
public final class ReenrolmentImpact {
    /**
     * Attribute of an actual object whose delete makes devices enrol again (an integer): a renewal object whose removal
     * lets devices back into a profile's assignment they hold no certificate from.
     */
    public static final String REENROLS = "reenrols";
    private static final Logger log = LoggerFactory.getLogger(ReenrolmentImpact.class);

    private ReenrolmentImpact() {
    }

    /** The plan with {@link Plan#reenrols()} filled in. */
    public static Plan annotate(Plan plan, DesiredState state, Map<String, Connector> connectors) {
        Map<ResourceKey, CertificateFleet> profiles = new HashMap<>();
        for (var enrollment : state.enrollments()) {
            if (connectors.get(enrollment.mdm()) instanceof CertificateFleet fleet) {
                fleet.certificateProfile(enrollment).ifPresent(key -> profiles.put(key, fleet));
            }
        }
        Map<ResourceKey, Integer> reenrols = new HashMap<>();
        List<String> notices = new java.util.ArrayList<>(plan.notices());
        for (PlanChange change : plan.effectiveChanges()) {
            if (change instanceof PlanChange.Delete) {
                continue;
            }
            CertificateFleet fleet = profiles.get(change.key());
            if (fleet == null) {
                continue;
            }
            Optional<Integer> devices = devices(change, fleet);
            devices.ifPresent(n -> reenrols.put(change.key(), n));
            if (devices.isPresent() && change instanceof PlanChange.Redistribute r && !fleet.reenrolsPerDevice()) {
                notices.add("renewal: " + r.key() + " is redistributed to the profile's whole scope: " + count(devices.get())
                        + " re-enrol, not only the " + r.redistribution().devices() + " of the due wave"
                        + (r.redistribution().devices() == 1 ? "" : "s"));
            }
        }
        // A delete issues no certificate: the connectors plan the delete of a renewal object only once no device still
        // depends on it, or count what it lets back in. A duplicate shares its key with the object that stays, whose own
        // count comes first.
        plan.effectiveChanges().stream().filter(c -> c instanceof PlanChange.Delete).forEach(c -> reenrols.putIfAbsent(c.key(),
                ((PlanChange.Delete) c).actual().attributes().get(REENROLS) instanceof Number n ? n.intValue() : 0));
        return reenrols.isEmpty() ? plan : new Plan(plan.changes(), notices, plan.fingerprint(), reenrols);
    }

    private static String count(int devices) {
        return devices == Plan.UNKNOWN_DEVICES ? "all devices holding its certificate" : devices + " device" + (devices == 1 ? "" : "s");
    }

    private static Optional<Integer> devices(PlanChange change, CertificateFleet fleet) {
        if (change instanceof PlanChange.Redistribute r) {
            if (!fleet.redistributionReenrols() || (fleet.reenrolsPerDevice() && r.redistribution().devices() == 0)) {
                return Optional.empty();
            }
            // Per device: exactly the ring's selection; otherwise the MDM pushes to every device of the profile.
            return Optional.of(fleet.reenrolsPerDevice() ? r.redistribution().devices() : holders(fleet, r.profile()));
        }
        if (change instanceof PlanChange.Replace r) {
            return Optional.of(holders(fleet, r.actual()));
        }
        if (change instanceof PlanChange.Update u && touches(u.changes(), fleet.reissuingAttributes())) {
            return Optional.of(holders(fleet, u.actual()));
        }
        return Optional.empty();
    }

    private static boolean touches(List<AttributeChange> changes, Set<String> reissuing) {
        return changes.stream().anyMatch(c -> reissuing.stream().anyMatch(a -> c.path().equals(a) || c.path().startsWith(a + ".")));
    }

    private static int holders(CertificateFleet fleet, ActualResource profile) {
        try {
            int[] holders = {0};
            fleet.fleet(profile, device -> holders[0]++);
            return holders[0];
        } catch (ScephubException | IllegalStateException e) {
            log.warn("reenrolment impact key={} fleet unreadable: {}", profile.key(), e.getMessage());
            return Plan.UNKNOWN_DEVICES;
        }
    }
}
