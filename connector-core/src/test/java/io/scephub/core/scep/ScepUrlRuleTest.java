package io.scephub.core.scep;

import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScepUrlRuleTest {

    @Test
    void httpsIsAccepted() {
        assertThat(ScepUrlRule.problem(URI.create("https://example.okta.com/pki/14F3C2384C1CE043D4D0C39272AECCEF0A2F7A3D/scep/racru1jbrmapTJgTy697")))
                .isEmpty();
    }

    @Test
    void plainHttpIsAcceptedOnlyTo127001TheSandbox() {
        assertThat(ScepUrlRule.problem(URI.create("http://127.0.0.1:8081/pki/AB/scep/rac1"))).isEmpty();
        assertThat(ScepUrlRule.problem(URI.create("http://localhost:8081/pki/AB/scep/rac1"))).hasValueSatisfying(
                problem -> assertThat(problem).contains("plain http").contains("127.0.0.1"));
        assertThat(ScepUrlRule.problem(URI.create("http://example.okta.com/pki/AB/scep/rac1"))).isPresent();
        assertThat(ScepUrlRule.problem(URI.create("http://127.0.0.2/pki/AB/scep/rac1"))).isPresent();
    }

    @Test
    void otherSchemesAndRelativeUrlsAreRefused() {
        assertThat(ScepUrlRule.problem(URI.create("ftp://example.okta.com/scep"))).hasValueSatisfying(
                problem -> assertThat(problem).contains("ftp"));
        assertThat(ScepUrlRule.problem(URI.create("/pki/AB/scep/rac1"))).isPresent();
    }
}
