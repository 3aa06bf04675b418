package io.scephub.core.plan;

import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Diffs desired resources against what the connectors read and orders the result into a
 * {@link Plan}. Stateless and thread-safe.
 *
 * <p>Rules connector authors rely on:
 * <ul>
 *   <li>A desired key without an actual object is created; an actual (owned) object whose key is
 *       no longer desired is deleted; otherwise the attributes are compared.</li>
 *   <li>Only top-level attributes present in the desired resource are compared, so a connector may
 *       read back more. Nested maps are compared key by key over both sides, reported as dotted
 *       paths ({@code delegated.tenantId}); lists compare whole; Integer and Long are equal.</li>
 *   <li>A desired {@link Secret} whose actual attribute is absent counts as unchanged: most vendors
 *       never return write-only secrets. Return the secret (as a {@link Secret}) if the vendor
 *       does, and it is compared with {@code equals}.</li>
 *   <li>An {@link OutputRef} is resolved against its source's actual outputs, unless the source is
 *       itself being created or replaced: then its value is "known after apply" and the dependant
 *       is updated (or replaced, if the attribute is in {@code replaceOn}).</li>
 *   <li>A change to an attribute named in {@link Resource#replaceOn()} replaces the object.</li>
 *   <li>Creates, updates, replaces and no-ops come in dependency order, deletes after them with
 *       dependants first; ties are broken by key, so equal inputs give equal plans.</li>
 * </ul>
 * Unknown dependencies, a dependency on an object that is being deleted, cycles and duplicate keys
 * are {@link PlanningError}s.
 */
public final class Planner {

    public Plan plan(List<Resource> desired, List<ActualResource> actual, List<String> notices) {
        Map<ResourceKey, Resource> desiredByKey = indexDesired(desired);
        Map<ResourceKey, ActualResource> actualByKey = indexActual(actual);
        checkDependencies(desiredByKey, actualByKey);

        List<String> allNotices = new ArrayList<>(notices);
        Set<ResourceKey> pending = new HashSet<>();
        List<PlanChange> changes = new ArrayList<>();
        Set<OutputRef> reissue = new java.util.LinkedHashSet<>();
        List<ResourceKey> order = DependencyOrder.order(desiredByKey.keySet(),
                k -> desiredByKey.get(k).dependsOn(), ResourceKey::toString);
        for (ResourceKey key : order) {
            Resource want = desiredByKey.get(key);
            ActualResource have = actualByKey.get(key);
            PlanChange change = have == null
                    ? create(want, pending, actualByKey, reissue, allNotices)
                    : compare(want, have, pending, actualByKey, allNotices, reissue);
            if (change.action() == PlanChange.Action.CREATE || change.action() == PlanChange.Action.REPLACE) {
                pending.add(key);
            }
            changes.add(change);
        }
        reissue(changes, reissue);

        List<ResourceKey> deleted = actualByKey.keySet().stream().filter(k -> !desiredByKey.containsKey(k)).toList();
        Map<ResourceKey, Set<ResourceKey>> dependants = new HashMap<>();
        for (ResourceKey key : deleted) {
            for (ResourceKey dep : actualByKey.get(key).dependsOn()) {
                dependants.computeIfAbsent(dep, k -> new TreeSet<>()).add(key);
            }
        }
        // Ordering by "dependants are prerequisites" deletes the objects that reference others first.
        for (ResourceKey key : DependencyOrder.order(deleted, k -> dependants.getOrDefault(k, Set.of()), ResourceKey::toString)) {
            changes.add(new PlanChange.Delete(actualByKey.get(key)));
        }
        return new Plan(changes, allNotices, fingerprint(actual));
    }

    /**
     * The attribute changes that would make {@code actual} match {@code desired}, whose output
     * references are expected to be resolved already (one left in place counts as a change).
     */
    public List<AttributeChange> diff(Resource desired, ActualResource actual) {
        return AttributeDiff.all(desired.attributes(), actual.attributes(), ref -> true);
    }

    /**
     * A create; a write-once value its existing source no longer reports is issued anew by the
     * source in the same apply, so the new object gets one.
     */
    private static PlanChange create(Resource want, Set<ResourceKey> pending, Map<ResourceKey, ActualResource> actualByKey,
                                     Set<OutputRef> reissue, List<String> notices) {
        want.attributes().forEach((name, value) -> {
            if (value instanceof OutputRef ref && lostAtSource(ref, pending, actualByKey)) {
                reissue.add(ref);
                notices.add(want.key() + " needs '" + ref.output() + "', which " + ref.source() + " shows only once and no "
                        + "longer reports; " + ref.source() + " issues a new one in this apply");
            }
        });
        return new PlanChange.Create(want);
    }

    /** A write-once reference whose source exists, is not being created or replaced, and no longer reports the value. */
    private static boolean lostAtSource(OutputRef ref, Set<ResourceKey> pending, Map<ResourceKey, ActualResource> actualByKey) {
        ActualResource source = actualByKey.get(ref.source());
        return ref.writeOnce() && !pending.contains(ref.source()) && source != null && source.outputs().get(ref.output()) == null;
    }

    /** Turns the sources of lost write-once values into updates that issue a new value (path = the output's name). */
    private static void reissue(List<PlanChange> changes, Set<OutputRef> reissue) {
        for (OutputRef ref : reissue) {
            AttributeChange issue = new AttributeChange(ref.output(), Optional.empty(), Optional.of(ref));
            for (int i = 0; i < changes.size(); i++) {
                PlanChange change = changes.get(i);
                if (!change.key().equals(ref.source())) {
                    continue;
                }
                if (change instanceof PlanChange.NoOp n) {
                    changes.set(i, new PlanChange.Update(n.desired(), n.actual(), List.of(issue)));
                } else if (change instanceof PlanChange.Update u && !u.changes().contains(issue)) {
                    List<AttributeChange> more = new ArrayList<>(u.changes());
                    more.add(issue);
                    changes.set(i, new PlanChange.Update(u.desired(), u.actual(), more));
                }
            }
        }
    }

    private PlanChange compare(Resource want, ActualResource have, Set<ResourceKey> pending,
                               Map<ResourceKey, ActualResource> actualByKey, List<String> notices, Set<OutputRef> reissue) {
        Map<String, Object> resolved = OutputRefs.substitute(want.attributes(), ref -> {
            if (pending.contains(ref.source())) {
                return Optional.empty();
            }
            Optional<Object> value = Optional.ofNullable(actualByKey.get(ref.source()))
                    .map(source -> source.outputs().get(ref.output()));
            if (value.isEmpty() && !ref.writeOnce()) {
                notices.add(want.key() + " uses output '" + ref.output() + "' of " + ref.source()
                        + ", which its connector did not report; it is compared at apply");
            }
            return value;
        });
        List<AttributeChange> changes = new ArrayList<>();
        resolved.forEach((name, value) -> {
            if (value instanceof OutputRef ref && OutputRef.LOST.equals(have.attributes().get(name))
                    && lostAtSource(ref, pending, actualByKey)) {
                reissue.add(ref);
                changes.add(new AttributeChange(name, Optional.empty(), Optional.of(ref)));
                notices.add(want.key() + " holds no value for '" + name + "', which " + ref.source() + " showed only once; "
                        + ref.source() + " issues a new one ('" + ref.output() + "') and " + want.key() + " gets it in this apply");
            }
        });
        resolved = OutputRefs.withoutUnresolvedWriteOnce(resolved);
        Set<String> replacing = new TreeSet<>();
        resolved.forEach((name, value) -> {
            List<AttributeChange> attributeChanges = AttributeDiff.attribute(name, value, have.attributes(),
                    ref -> pending.contains(ref.source()));
            if (!attributeChanges.isEmpty() && want.replaceOn().contains(name)) {
                replacing.add(name);
            }
            changes.addAll(attributeChanges);
        });
        if (changes.isEmpty()) {
            return new PlanChange.NoOp(want, have);
        }
        return replacing.isEmpty()
                ? new PlanChange.Update(want, have, changes)
                : new PlanChange.Replace(want, have, changes);
    }

    private static Map<ResourceKey, Resource> indexDesired(List<Resource> desired) {
        Map<ResourceKey, Resource> byKey = new LinkedHashMap<>();
        for (Resource r : desired) {
            Resource previous = byKey.putIfAbsent(r.key(), r);
            if (previous != null) {
                throw new PlanningError("desired resource " + r.key() + " is declared twice (by connectors '"
                        + previous.connector() + "' and '" + r.connector() + "'); keys must be unique");
            }
        }
        return byKey;
    }

    private static Map<ResourceKey, ActualResource> indexActual(List<ActualResource> actual) {
        Map<ResourceKey, ActualResource> byKey = new LinkedHashMap<>();
        for (ActualResource a : actual) {
            ActualResource previous = byKey.putIfAbsent(a.key(), a);
            if (previous != null) {
                throw new PlanningError("two objects carry the ownership marker of " + a.key() + " (vendor ids "
                        + previous.vendorId() + " and " + a.vendorId() + " at '" + a.connector()
                        + "'); remove the marker from one of them");
            }
        }
        return byKey;
    }

    /**
     * A desired resource may only depend on desired resources. Dependencies of objects being
     * deleted may name keys that are already gone; those only matter for ordering and are ignored.
     */
    private static void checkDependencies(Map<ResourceKey, Resource> desired, Map<ResourceKey, ActualResource> actual) {
        for (Resource r : desired.values()) {
            for (ResourceKey dep : r.dependsOn()) {
                if (desired.containsKey(dep)) {
                    continue;
                }
                if (actual.containsKey(dep)) {
                    throw new PlanningError(r.key() + " depends on " + dep
                            + ", which is no longer desired and would be deleted; keep " + dep + " or drop the dependency");
                }
                throw new PlanningError(r.key() + " depends on " + dep
                        + ", which is neither desired nor found at any vendor");
            }
        }
    }

    /** Hex SHA-256 of a canonical form of the actual state (sorted keys; secrets by fingerprint). */
    static String fingerprint(Collection<ActualResource> actual) {
        StringBuilder canonical = new StringBuilder("[");
        actual.stream().sorted(Comparator.comparing(ActualResource::key)).forEach(a -> {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("key", a.key().toString());
            entry.put("connector", a.connector());
            entry.put("vendorId", a.vendorId());
            entry.put("attributes", a.attributes());
            entry.put("outputs", a.outputs());
            entry.put("dependsOn", a.dependsOn().stream().map(ResourceKey::toString).sorted().toList());
            canonical(entry, canonical);
            canonical.append(',');
        });
        canonical.append(']');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static void canonical(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            new TreeMap<String, Object>(toStringKeys(m)).forEach((k, v) -> {
                quote(k, out);
                out.append(':');
                canonical(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            l.forEach(v -> {
                canonical(v, out);
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof Secret s) {
            out.append("secret:").append(s.fingerprint());
        } else if (value instanceof OutputRef r) {
            out.append("ref:");
            quote(r.toString(), out);
        } else if (value instanceof String s) {
            quote(s, out);
        } else {
            out.append(value);
        }
    }

    private static Map<String, Object> toStringKeys(Map<?, ?> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
