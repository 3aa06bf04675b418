package io.scephub.sandbox;

/** One simulated vendor behind one port. */
interface VendorSimulator {

    /** Which vendor a request to this port is for (one port may carry two, e.g. Graph and Entra). */
    Vendor vendorOf(SimRequest request);

    /** Answers a request, changing state as the vendor would. */
    SimResponse handle(SimRequest request);

    /** The vendor's own error answer for an injected fault; must not change state. */
    SimResponse faultResponse(Vendor vendor, Fault.Status fault);

    /** Back to the seeded state. */
    void reset();
}
