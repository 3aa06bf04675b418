package io.scephub.sandbox;

import java.util.Optional;
import java.util.function.Supplier;

/** One simulated vendor behind one port. */
interface VendorSimulator {

    /** Which vendor a request to this port is for (one port may carry two, e.g. Graph and Entra). */
    Vendor vendorOf(SimRequest request);

    /** Answers a request, changing state as the vendor would. */
    SimResponse handle(SimRequest request);

    /** The vendor's own error answer for an injected fault; must not change state. */
    SimResponse faultResponse(Vendor vendor, Fault.Status fault);

    /** Whether the request makes a new object (what {@link Fault.ForeignAnswer} fires on). */
    boolean isCreate(SimRequest request);

    /**
     * The success answer of a create that names an existing object without scephub's marker
     * instead of the new one; empty when the vendor holds no such object (the fault cannot fire).
     */
    Optional<SimResponse> foreignAnswer(SimRequest request);

    /** Back to the seeded state. */
    void reset();

    /** Throws {@code notAllowed}'s error (the vendor's 405) unless the request's method is {@code expected}. */
    static void requireMethod(String method, String expected, Supplier<? extends RuntimeException> notAllowed) {
        if (!method.equals(expected)) {
            throw notAllowed.get();
        }
    }
}
