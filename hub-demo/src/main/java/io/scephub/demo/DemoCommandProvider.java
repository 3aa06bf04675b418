package io.scephub.demo;

import io.scephub.hub.cli.PluggedCommand;

/** Adds {@code scephub demo} to the hub's command line when this module's jar is on the class path. */
public final class DemoCommandProvider implements PluggedCommand {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public Object create() {
        return new DemoCommand();
    }
}
