package io.scephub.sandbox;

/**
 * A deliberate flaw the sandbox can build into an issued challenge, so demos and tests can show
 * a verifier rejecting it; each names the rejection reason a conforming verifier gives.
 */
public enum ChallengeDefect {
    /** {@code exp} ten minutes in the past (beyond the default 60 s skew): {@code EXPIRED}. */
    EXPIRED,
    /** {@code iat} and {@code nbf} ten minutes in the future: {@code NOT_YET_VALID}. */
    NOT_YET_VALID,
    /** {@code aud} is {@link #WRONG_AUDIENCE_VALUE} instead of the requested one: {@code WRONG_AUDIENCE}. */
    WRONG_AUDIENCE,
    /** {@code iss} is {@link #WRONG_ISSUER_VALUE}, a tenant nobody configures: {@code WRONG_ISSUER}. */
    WRONG_ISSUER,
    /** The signature's first byte is flipped (it keeps its 64-byte length): {@code BAD_SIGNATURE}. */
    BAD_SIGNATURE,
    /**
     * With {@code x5c}: signed by a look-alike chain under another root. With {@code kid}: names
     * {@link #UNKNOWN_KID_VALUE}. Either way: {@code UNTRUSTED_SIGNER}.
     */
    UNTRUSTED_SIGNER;

    /** The audience a {@link #WRONG_AUDIENCE} token carries. */
    public static final String WRONG_AUDIENCE_VALUE = "okta-scep:sandbox-wrong-audience";
    /** The issuer a {@link #WRONG_ISSUER} token carries. */
    public static final String WRONG_ISSUER_VALUE = "intune:00000000-0000-0000-0000-000000000000";
    /** The key id an {@link #UNTRUSTED_SIGNER} token names when it uses {@code kid}. */
    public static final String UNKNOWN_KID_VALUE = "sandbox-unknown-kid";
}
