package io.scephub.core.error;

/** A connector is known and its settings validate, but it cannot reconcile yet (e.g. not implemented in this release). */
public class ConnectorUnavailable extends ScephubException {
    public ConnectorUnavailable(String connectorId, String reason) {
        super("CONNECTOR_UNAVAILABLE", connectorId + ": " + reason, null);
    }
}
