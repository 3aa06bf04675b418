package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor();

    @Test
    void registeredSecretIsMaskedWhereverItAppears() {
        redactor.register("s3cr3t-Value");
        assertThat(redactor.redact("token s3cr3t-Value and again:s3cr3t-Value."))
                .isEqualTo("token *** and again:***.");
    }

    @Test
    void urlEncodedFormOfARegisteredSecretIsMaskedToo() {
        redactor.register("a b/c+d");
        assertThat(redactor.redact("q=a+b%2Fc%2Bd&r=a%20b%2Fc%2Bd")).doesNotContain("a+b%2Fc%2Bd", "a%20b%2Fc%2Bd");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        redactor.register("abc123");
        redactor.register("abc123-longer");
        assertThat(redactor.redact("x abc123-longer y")).isEqualTo("x *** y");
    }

    @Test
    void blankSecretsAreIgnored() {
        redactor.register("");
        redactor.register("  ");
        assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void authorizationHeaderValuesAreMaskedKeepingTheScheme() {
        assertThat(redactor.redact("Authorization: SSWS 00abcDEF_ghi")).isEqualTo("Authorization: SSWS ***");
        assertThat(redactor.redact("authorization=Bearer eyJhbGciOi.eyJzdWIi.sig")).isEqualTo("authorization=Bearer ***");
        assertThat(redactor.redact("{\"Authorization\": \"Basic dXNlcjpwYXNz\"}")).isEqualTo("{\"Authorization\": \"Basic ***\"}");
    }

    @Test
    void bearerAndSswsTokensAreMaskedAnywhere() {
        assertThat(redactor.redact("sent Bearer eyJhbGciOiJSUzI1NiJ9.abc.def to okta"))
                .isEqualTo("sent Bearer *** to okta");
        assertThat(redactor.redact("SSWS 00aBcDeFgHiJ")).isEqualTo("SSWS ***");
    }

    @Test
    void credentialFormParametersAreMasked() {
        assertThat(redactor.redact("grant_type=client_credentials&client_secret=xyz&client_assertion=eyJ.a.b&scope=okta.groups.read"))
                .isEqualTo("grant_type=client_credentials&client_secret=***&client_assertion=***&scope=okta.groups.read");
        assertThat(redactor.redact("?password=hunter2&access_token=abc")).isEqualTo("?password=***&access_token=***");
    }

    @Test
    void credentialJsonMembersAreMasked() {
        assertThat(redactor.redact("{\"secret\":\"abc\",\"name\":\"ok\",\"access_token\" : \"t\\\"ok\",\"clientSecret\":\"z\"}"))
                .isEqualTo("{\"secret\":\"***\",\"name\":\"ok\",\"access_token\" : \"***\",\"clientSecret\":\"***\"}");
        assertThat(redactor.redact("{\"password\":\"p\"}")).isEqualTo("{\"password\":\"***\"}");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "vendor=okta method=GET path=/api/v1/groups status=200 basic auth is off";
        assertThat(redactor.redact(text)).isEqualTo(text);
    }
}
