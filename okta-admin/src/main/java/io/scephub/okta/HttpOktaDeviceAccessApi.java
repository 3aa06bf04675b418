package io.scephub.okta;

import io.scephub.core.error.VendorError;
import io.scephub.core.model.Secret;
import io.scephub.okta.OktaRegistrationAuthority.DelegatedValidator;
import io.scephub.okta.OktaRegistrationAuthority.DynamicChallenge;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/** {@link OktaDeviceAccessApi} over HTTP, per docs/contracts/okta-device-access.md. */
public final class HttpOktaDeviceAccessApi implements OktaDeviceAccessApi {
    private final OktaRestClient rest;
    private final OktaPaths paths;
    private final Consumer<String> redactor;

    /**
     * @param redactor told every secret value Okta hands out (rotated secrets, passwords) so no log shows it
     */
    HttpOktaDeviceAccessApi(OktaRestClient rest, OktaPaths paths, Consumer<String> redactor) {
        this.rest = rest;
        this.paths = paths;
        this.redactor = redactor;
    }

    @Override
    public List<OktaCertificateAuthority> listCertificateAuthorities() {
        return rest.list(paths.certificateAuthorities(), OktaJson.CertificateAuthority.class).stream()
                .map(HttpOktaDeviceAccessApi::toDomain).toList();
    }

    @Override
    public OktaCertificateAuthority oktaCertificateAuthority() {
        HttpUrl url = paths.rootCertificateAuthorities();
        return rest.list(url, OktaJson.CertificateAuthority.class).stream()
                .map(HttpOktaDeviceAccessApi::toDomain)
                .filter(ca -> ca.type() == OktaCertificateAuthority.Type.OKTA)
                .findFirst()
                .orElseThrow(() -> new VendorError(OktaErrors.VENDOR, 200, null, null,
                        "GET " + url.encodedPath() + "?type=ROOT listed no CA of type OKTA; is Device Access enabled in this org?"));
    }

    @Override
    public Optional<OktaCertificateAuthority> getCertificateAuthority(String caId) {
        return rest.get(paths.certificateAuthority(caId), OktaJson.CertificateAuthority.class).map(HttpOktaDeviceAccessApi::toDomain);
    }

    @Override
    public List<byte[]> certificateChain(String caId) {
        HttpUrl url = paths.certificateAuthorityChain(caId);
        String pem = rest.getText(url).orElseThrow(() -> new VendorError(OktaErrors.VENDOR, 404, OktaErrors.NOT_FOUND, null,
                "GET " + url.encodedPath() + ": certificate authority " + caId + " not found"));
        try {
            return CertificateChains.fromPem(pem, "GET " + url.encodedPath());
        } catch (IllegalArgumentException e) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null, e.getMessage(), e);
        }
    }

    @Override
    public List<OktaRegistrationAuthority> listRegistrationAuthorities(String caId) {
        return rest.list(paths.registrationAuthorities(caId), OktaJson.RegistrationAuthority.class).stream()
                .map(ra -> toDomain(ra, caId)).toList();
    }

    @Override
    public Optional<OktaRegistrationAuthority> getRegistrationAuthority(String caId, String raId) {
        return rest.get(paths.registrationAuthority(caId, raId), OktaJson.RegistrationAuthority.class)
                .map(ra -> toDomain(ra, caId));
    }

    @Override
    public OktaRegistrationAuthority createRegistrationAuthority(String caId, NewRegistrationAuthority request) {
        OktaJson.RegistrationAuthorityCreate body = new OktaJson.RegistrationAuthorityCreate(request.name(),
                request.description(), OktaVocabulary.platform(request.platform()),
                OktaVocabulary.challengeType(request.challengeType()), request.delegated().map(HttpOktaDeviceAccessApi::toJson).orElse(null));
        return toDomain(rest.send("POST", paths.newRegistrationAuthority(caId), body, OktaJson.RegistrationAuthority.class), caId);
    }

    @Override
    public OktaRegistrationAuthority updateRegistrationAuthority(String caId, String raId, RegistrationAuthorityUpdate update) {
        OktaJson.RegistrationAuthorityUpdate body = new OktaJson.RegistrationAuthorityUpdate(update.name(), update.description(),
                update.delegated().map(HttpOktaDeviceAccessApi::toJson).orElse(null));
        return toDomain(rest.send("PUT", paths.registrationAuthority(caId, raId), body, OktaJson.RegistrationAuthority.class), caId);
    }

    @Override
    public boolean deleteRegistrationAuthority(String caId, String raId) {
        return rest.delete(paths.registrationAuthority(caId, raId));
    }

    @Override
    public DynamicCredentials resetPassword(String caId, String raId) {
        HttpUrl url = paths.resetPassword(caId, raId);
        OktaJson.ResetPassword answer = rest.send("POST", url, null, OktaJson.ResetPassword.class);
        if (answer.username() == null || answer.password() == null) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null,
                    "POST " + url.encodedPath() + ": the answer lacks the username or the password");
        }
        return new DynamicCredentials(answer.username(), secret(answer.password(), "okta:" + raId + "/password"));
    }

    @Override
    public Optional<OktaGroup> findGroupByName(String name) {
        List<OktaGroup> matches = rest.list(paths.groupsNamed(name), OktaJson.Group.class).stream()
                .filter(g -> g.profile() != null && name.equals(g.profile().name()))
                .map(g -> new OktaGroup(g.id(), g.profile().name(), Optional.ofNullable(g.profile().description())))
                .toList();
        if (matches.size() > 1) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null, "Okta group \"" + name + "\" is ambiguous: "
                    + matches.size() + " groups have that name (" + matches.stream().map(OktaGroup::id).toList()
                    + "); rename all but one");
        }
        return matches.stream().findFirst();
    }

    private Secret secret(String value, String origin) {
        redactor.accept(value);
        return Secret.of(value, origin);
    }

    private static OktaJson.Delegated toJson(DelegatedValidator delegated) {
        return new OktaJson.Delegated(delegated.tenantId(), delegated.appId());
    }

    private static OktaCertificateAuthority toDomain(OktaJson.CertificateAuthority ca) {
        OktaCertificateAuthority.Type type;
        try {
            type = OktaCertificateAuthority.Type.valueOf(String.valueOf(ca.type()));
        } catch (IllegalArgumentException e) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null,
                    "certificate authority " + ca.id() + " has unknown type \"" + ca.type() + "\" (expected OKTA or CUSTOM)");
        }
        return new OktaCertificateAuthority(ca.id(), type, ca.name(), Optional.ofNullable(ca.description()), ca.status(),
                Optional.ofNullable(ca.subject()), Optional.ofNullable(ca.notAfter()));
    }

    private OktaRegistrationAuthority toDomain(OktaJson.RegistrationAuthority ra, String caId) {
        String where = "registration authority " + ra.id();
        var platform = OktaVocabulary.platform(String.valueOf(ra.platform())).orElseThrow(() -> new VendorError(OktaErrors.VENDOR,
                200, null, null, where + " has unknown platform \"" + ra.platform() + "\" (expected MACOS or WINDOWS)"));
        var challenge = OktaVocabulary.challengeType(String.valueOf(ra.challengeType())).orElseThrow(() -> new VendorError(
                OktaErrors.VENDOR, 200, null, null,
                where + " has unknown challengeType \"" + ra.challengeType() + "\" (expected STATIC, DYNAMIC or DELEGATED)"));
        Optional<DelegatedValidator> delegated = Optional.ofNullable(ra.delegated())
                .map(d -> new DelegatedValidator(d.tenantId(), d.appId()));
        Optional<DynamicChallenge> dynamic = Optional.ofNullable(ra.dynamic()).map(d -> new DynamicChallenge(d.challengeUrl(),
                d.username(), Optional.ofNullable(d.password()).map(p -> secret(p, "okta:" + ra.id() + "/password"))));
        return new OktaRegistrationAuthority(ra.id(), ra.caId() != null ? ra.caId() : caId, ra.name(),
                Optional.ofNullable(ra.description()), platform, challenge, ra.status(), ra.scepUrl(), delegated, dynamic,
                created(ra.created()));
    }

    /** Okta's {@code created} timestamp; an absent or unreadable one only means the age is unknown. */
    private static Optional<Instant> created(String text) {
        try {
            return Optional.ofNullable(text).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
