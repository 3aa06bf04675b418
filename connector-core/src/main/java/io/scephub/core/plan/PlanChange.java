package io.scephub.core.plan;

import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.renewal.Redistribution;
import java.util.List;
import java.util.Optional;

/** One step of a plan; the permitted types are the only things apply can do. */
public sealed interface PlanChange permits PlanChange.Create, PlanChange.Update, PlanChange.Replace,
        PlanChange.Delete, PlanChange.NoOp, PlanChange.Redistribute {

    ResourceKey key();

    String connector();

    Action action();

    /** The plan verbs, with the symbol the human plan prints. */
    enum Action {
        CREATE("+", "create"), UPDATE("~", "update"), REPLACE("-/+", "replace"), DELETE("-", "delete"), NO_OP(" ", "no-op"),
        REDISTRIBUTE("~", "redistribute");

        private final String symbol;
        private final String verb;

        Action(String symbol, String verb) {
            this.symbol = symbol;
            this.verb = verb;
        }

        public String symbol() {
            return symbol;
        }

        public String verb() {
            return verb;
        }
    }

    /** A new object; every attribute is shown as an addition. */
    record Create(Resource desired) implements PlanChange {
        public ResourceKey key() { return desired.key(); }
        public String connector() { return desired.connector(); }
        public Action action() { return Action.CREATE; }
    }

    /** An in-place change of the listed attributes only. */
    record Update(Resource desired, ActualResource actual, List<AttributeChange> changes) implements PlanChange {
        public Update {
            changes = List.copyOf(changes);
        }
        public ResourceKey key() { return desired.key(); }
        public String connector() { return desired.connector(); }
        public Action action() { return Action.UPDATE; }
    }

    /** Delete then create, because an attribute that cannot change in place changed. */
    record Replace(Resource desired, ActualResource actual, List<AttributeChange> changes) implements PlanChange {
        public Replace {
            changes = List.copyOf(changes);
        }
        public ResourceKey key() { return desired.key(); }
        public String connector() { return desired.connector(); }
        public Action action() { return Action.REPLACE; }
    }

    /**
     * A scephub-owned object that is no longer desired, or ({@code duplicateOf} present) an extra
     * object carrying the marker of the one with that id, which stays.
     */
    record Delete(ActualResource actual, Optional<String> duplicateOf) implements PlanChange {
        public Delete(ActualResource actual) {
            this(actual, Optional.empty());
        }
        public ResourceKey key() { return actual.key(); }
        public String connector() { return actual.connector(); }
        public Action action() { return Action.DELETE; }
    }

    /** Desired and actual agree. */
    record NoOp(Resource desired, ActualResource actual) implements PlanChange {
        public ResourceKey key() { return desired.key(); }
        public String connector() { return desired.connector(); }
        public Action action() { return Action.NO_OP; }
    }

    /**
     * Push an unchanged certificate profile to its devices again, because their certificates are due
     * to expire and the CA (Okta) offers no SCEP renewal. Made by the renewal planner, not by diffing.
     */
    record Redistribute(ActualResource profile, Redistribution redistribution) implements PlanChange {
        public ResourceKey key() { return profile.key(); }
        public String connector() { return profile.connector(); }
        public Action action() { return Action.REDISTRIBUTE; }
    }
}
