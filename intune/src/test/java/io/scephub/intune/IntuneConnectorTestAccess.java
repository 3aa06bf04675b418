package io.scephub.intune;

/** Reaches the connector's Graph calls from tests in this package. */
final class IntuneConnectorTestAccess {
    private IntuneConnectorTestAccess() {
    }

    static IntuneGraph graph(IntuneConnector connector) {
        return connector.graph();
    }
}
