package io.scephub.core.spi;

import io.scephub.core.expiry.CredentialExpiry;
import java.util.List;

/**
 * Optional capability of a {@link Connector}: when the vendor credentials it was configured with
 * expire, as far as the vendor lets scephub read it. A credential whose expiry cannot be read is
 * listed with the reason (a missing permission is not an error); only a failure to ask at all throws.
 */
public interface CredentialExpiryReader {

    List<CredentialExpiry> credentialExpiries();
}
