package io.scephub.okta;

import io.scephub.core.model.Secret;
import java.util.List;
import java.util.Optional;

/**
 * The part of Okta's admin API scephub uses: certificate authorities (read only: Okta's route table
 * has no route to upload, change or delete one), registration authorities (SCEP configurations),
 * the dynamic password reset, and groups. Contract: docs/contracts/okta-device-access.md. Every
 * failure is an {@link io.scephub.core.error.VendorError}.
 */
public interface OktaDeviceAccessApi {

    /** All certificate authorities (Okta's own and uploaded ones), every page. */
    List<OktaCertificateAuthority> listCertificateAuthorities();

    /** Okta's own root CA (the one used when an enrollment says {@code ca: okta}). */
    OktaCertificateAuthority oktaCertificateAuthority();

    Optional<OktaCertificateAuthority> getCertificateAuthority(String caId);

    /** The CA's chain as DER certificates, issuing CA first, root last. */
    List<byte[]> certificateChain(String caId);

    /** All registration authorities of a CA, every page. */
    List<OktaRegistrationAuthority> listRegistrationAuthorities(String caId);

    Optional<OktaRegistrationAuthority> getRegistrationAuthority(String caId, String raId);

    /** Creates one; for a dynamic challenge the answer carries the password (the only time Okta shows it). */
    OktaRegistrationAuthority createRegistrationAuthority(String caId, NewRegistrationAuthority request);

    OktaRegistrationAuthority updateRegistrationAuthority(String caId, String raId, RegistrationAuthorityUpdate update);

    /** Deletes one; false when it was already gone. */
    boolean deleteRegistrationAuthority(String caId, String raId);

    /** Generates a new password for a dynamic-challenge configuration ({@code …/resetPassword}); the old one stops working. */
    DynamicCredentials resetPassword(String caId, String raId);

    /** The group named exactly {@code name}; empty when none; an error naming the group when several match. */
    Optional<OktaGroup> findGroupByName(String name);
}
