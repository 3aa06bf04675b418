package io.scephub.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fault rules, checked in the order they were added; the first rule that fires wins. Thread-safe. */
public final class Faults {

    private final List<Rule> rules = new ArrayList<>();

    /** Faults every n-th request that reaches {@code vendor} (the n-th, 2n-th, ...), until cleared. */
    public synchronized Faults everyNth(Vendor vendor, int n, Fault fault) {
        requirePositive(n, "n");
        rules.add(new Rule(vendor, n, Integer.MAX_VALUE, fault));
        return this;
    }

    /** Faults the next {@code n} requests to any vendor. */
    public Faults nextN(int n, Fault fault) {
        return nextN(Vendor.ALL, n, fault);
    }

    /** Faults the next {@code n} requests that reach {@code vendor}. */
    public synchronized Faults nextN(Vendor vendor, int n, Fault fault) {
        requirePositive(n, "n");
        rules.add(new Rule(vendor, 1, n, fault));
        return this;
    }

    /**
     * Faults the next {@code n} creates (requests that make a new object) that reach {@code vendor};
     * other requests pass and are not counted.
     */
    public synchronized Faults nextCreates(Vendor vendor, int n, Fault fault) {
        requirePositive(n, "n");
        rules.add(new Rule(vendor, 1, n, fault, true));
        return this;
    }

    /** Faults only the {@code n}-th next request that reaches {@code vendor} (1: the next one). */
    public synchronized Faults nth(Vendor vendor, int n, Fault fault) {
        requirePositive(n, "n");
        rules.add(new Rule(vendor, n, 1, fault));
        return this;
    }

    /** Removes every rule. */
    public synchronized void clear() {
        rules.clear();
    }

    /** Counts this request against every matching rule and returns the fault to apply, if any. */
    synchronized Optional<Fault> next(Vendor vendor, boolean create) {
        Fault chosen = null;
        for (Rule rule : rules) {
            if (!rule.vendor.covers(vendor) || rule.remaining == 0 || (rule.createsOnly && !create)) {
                continue;
            }
            rule.seen++;
            if (chosen == null && rule.seen % rule.every == 0) {
                rule.remaining--;
                chosen = rule.fault;
            }
        }
        rules.removeIf(rule -> rule.remaining == 0);
        return Optional.ofNullable(chosen);
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static final class Rule {
        final Vendor vendor;
        final int every;
        int remaining;
        final Fault fault;
        final boolean createsOnly;
        long seen;

        Rule(Vendor vendor, int every, int remaining, Fault fault) {
            this(vendor, every, remaining, fault, false);
        }

        Rule(Vendor vendor, int every, int remaining, Fault fault, boolean createsOnly) {
            this.vendor = vendor;
            this.every = every;
            this.remaining = remaining;
            this.fault = fault;
            this.createsOnly = createsOnly;
        }
    }
}
