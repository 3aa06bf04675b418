package io.scephub.okta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Okta's JSON shapes, exactly as on the wire; they never leave this module. */
final class OktaJson {
    private OktaJson() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CertificateAuthority(String id, String type, String name, String description, String status, String subject,
                                String notAfter) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delegated(String tenantId, String appId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dynamic(String challengeUrl, String username, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RegistrationAuthority(String id, String caId, String name, String description, String platform,
                                 String challengeType, String status, String scepUrl, Delegated delegated,
                                 Dynamic dynamic, String created) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegistrationAuthorityCreate(String name, String description, String platform, String challengeType,
                                       Delegated delegated) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegistrationAuthorityUpdate(String name, String description, Delegated delegated) {
    }

    /** The answer of {@code …/resetPassword} (member names modelled). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResetPassword(String username, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupProfile(String name, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Group(String id, String type, GroupProfile profile) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorCause(String errorSummary) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String errorCode, String errorSummary, String errorLink, String errorId, List<ErrorCause> errorCauses) {
    }

    /** RFC 6749 error body of the token endpoint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OAuthError(String error, String error_description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(String access_token, String token_type, Long expires_in, String scope) {
    }
}
