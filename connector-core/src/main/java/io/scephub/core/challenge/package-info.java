/**
 * Delegated SCEP challenge verification, implementing DELEGATED-CHALLENGE.md (normative).
 *
 * <p>Use: build a {@link io.scephub.core.challenge.ChallengeTrust} from {@code delegatedChallenge}
 * in scephub.yaml, create one {@link io.scephub.core.challenge.ChallengeVerifier} with a shared
 * {@link io.scephub.core.challenge.ReplayStore} and the hub's {@code Clock}, and call
 * {@code verify(token, csr)}. The returned {@link io.scephub.core.challenge.ChallengeDecision} is a
 * value: callers count it in metrics by reason and write it to the audit log; the verifier itself
 * logs nothing, so the token can never reach a log through it.
 *
 * <p>Where the document leaves a choice open, this implementation decides as follows:
 * <ul>
 *   <li>{@code crit}, a wrong {@code typ}, and both/neither of {@code x5c}/{@code kid} are
 *       {@code MALFORMED}; {@code jku}/{@code x5u}/{@code jwk} are {@code UNTRUSTED_SIGNER}.</li>
 *   <li>Base64url must be canonical: no padding, no characters outside the URL alphabet, and no
 *       set bits in the unused tail of the last character.</li>
 *   <li>For {@code x5c} tokens the chain is validated once against all configured anchors; the
 *       signers whose anchor it reached (and whose required EKU the leaf carries) are candidates,
 *       narrowed by {@code alg} (step 3), then by {@code iss} (WRONG_ISSUER) and {@code aud}
 *       (WRONG_AUDIENCE). A chain that does not reach an anchor, or breaks a signature on the
 *       way, is {@code UNTRUSTED_SIGNER}; one that reaches an anchor but is expired or otherwise
 *       invalid is {@code SIGNER_CERT_INVALID}. Revocation is not checked (offline by design).</li>
 *   <li>The JWS is nimbus-jose-jwt's: {@code JOSEObject.split}, {@code Base64URL}, the header's JSON
 *       ({@code JSONObjectUtils}: duplicates, trailing content and deep nesting refused) and members
 *       ({@code JWSHeader.parse}: a registered member of the wrong type is {@code MALFORMED}), and the
 *       signature ({@code ECDSAVerifier} with the raw {@code R||S} form after the length check,
 *       {@code RSASSAVerifier}; EdDSA through a small nimbus {@code JWSVerifier} over the JDK's Ed25519,
 *       as nimbus's own needs Google Tink). The strict UTF-8 and canonical base64url checks, and the
 *       claims' JSON ({@code StrictJson}), stay here: nimbus does not make them.</li>
 *   <li>{@code iat} after now + skew is {@code NOT_YET_VALID}, like {@code nbf}; {@code exp} not
 *       after {@code iat} is {@code MALFORMED}.</li>
 *   <li>With a CSR, its {@code challengePassword} must equal the token ({@code CSR_MISMATCH});
 *       a signer that requires key binding rejects a token without {@code cnf} or a call without
 *       a CSR as {@code CSR_MISMATCH}.</li>
 *   <li>{@code scephub_csr}: {@code san} lists what the CSR may ask for (subset);
 *       {@code keyUsage} (RFC 5280 names) and {@code eku} must equal what the CSR requests;
 *       subjects compare with Bouncy Castle's RFC 4519 normalisation.</li>
 *   <li>{@code scephub_platform} is checked only against a signer that names its platform.</li>
 *   <li>The replay record lives until {@code exp} plus the clock skew, the last instant the
 *       token could still be accepted.</li>
 * </ul>
 */
package io.scephub.core.challenge;
