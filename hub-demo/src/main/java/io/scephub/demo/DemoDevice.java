package io.scephub.demo;

import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.sandbox.ChallengeRequest;
import io.scephub.sandbox.Sandbox;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A simulated Windows device enrolling with a delegated challenge: the sandbox's Intune issues a
 * challenge bound to the device's new key, the device puts it into its CSR, scephub verifies it;
 * the same challenge sent a second time is a replay.
 */
public final class DemoDevice {
    private final String name;
    private final KeyPair keys;

    private DemoDevice(String name, KeyPair keys) {
        this.name = name;
        this.keys = keys;
    }

    public static DemoDevice generate(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new DemoDevice(name, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the demo device's key: " + e.getMessage(), e);
        }
    }

    /** Enrols once, then replays the same challenge; prints both decisions. True when accepted then replay-rejected. */
    public boolean enrolAndReplay(Sandbox sandbox, ChallengeVerification verification, PrintWriter out) {
        String challenge = sandbox.challenges().issue(ChallengeRequest.builder(DemoWorkspace.WINDOWS_AUDIENCE, name)
                .platform("windows").csrPublicKey(keys.getPublic()).build());
        byte[] csr = csr(challenge);
        out.println("   device " + name + " got a challenge from Intune (sandbox) and put it into its CSR");
        ChallengeDecision first = verification.verify(challenge, Optional.of(csr), "demo");
        out.println("   first use:  " + describe(first));
        ChallengeDecision second = verification.verify(challenge, Optional.of(csr), "demo");
        out.println("   replayed:   " + describe(second));
        return first instanceof ChallengeAccepted
                && second instanceof ChallengeRejected r && r.reason() == ChallengeRejected.Reason.REPLAYED;
    }

    private static String describe(ChallengeDecision decision) {
        if (decision instanceof ChallengeAccepted a) {
            return "accepted (issuer " + a.issuer() + ", device " + a.subject() + ", signer " + a.signerFingerprint() + ")";
        }
        ChallengeRejected r = (ChallengeRejected) decision;
        return "rejected: " + r.reason() + " (" + r.detail() + ")";
    }

    private byte[] csr(String challenge) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
                    // UTF8String: base64url's '_' is not allowed in a PrintableString.
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String(challenge))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the demo device's CSR: " + e.getMessage(), e);
        }
    }
}
