package dev.llmux.facade;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies a JWT with Nimbus JOSE+JWT: the algorithm is on the allow list (asymmetric only, so
 * {@code none} and HMAC, including HS256 "signed" with the provider's public key, are refused
 * before any key is looked at), the signature verifies against a key of the provider's JWK set, and
 * then the claims: {@code exp} (required), {@code nbf}, {@code iat} with the leeway, {@code iss}
 * equal to the issuer, {@code aud} containing the audience, and for ID tokens {@code nonce} and
 * {@code azp}. A refusal says which check failed and never contains the token.
 */
final class JwtVerifier {
  /** The longest token accepted (headers are bounded anyway; this keeps parsing cheap). */
  static final int MAX_LENGTH = 16 * 1024;

  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /**
   * Why a token was refused: {@code check} names what failed ({@code expired}, {@code issuer}...).
   */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String check;

    Refused(String check, String message) {
      super(message, null, false, false);
      this.check = check;
    }
  }

  /** The identity provider's keys could not be fetched (not the token's fault: 503). */
  static final class KeysUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    KeysUnavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final String issuer;
  private final String audience;
  private final Set<JWSAlgorithm> algorithms;
  private final String allowed;
  private final Duration leeway;
  private final JWKSource<SecurityContext> keys;
  private final Clock clock;
  private final String what;

  /**
   * @param what how refusals name the token ({@code JWT}, {@code ID token})
   */
  JwtVerifier(
      String what,
      String issuer,
      String audience,
      List<String> algorithms,
      Duration leeway,
      JWKSource<SecurityContext> keys,
      Clock clock) {
    this.what = what;
    this.issuer = issuer;
    this.audience = audience;
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    for (String a : algorithms) {
      algs.add(JWSAlgorithm.parse(a));
    }
    this.algorithms = Set.copyOf(algs);
    this.allowed = String.join(", ", algorithms);
    this.leeway = leeway;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Whether {@code token} looks like a JWS in compact form: three base64url segments separated by
   * dots (the last may be empty: {@code alg: none}). Anything else is an API key.
   */
  static boolean looksLikeJwt(String token) {
    return token != null
        && token.length() <= MAX_LENGTH
        && token.indexOf('.') > 0
        && SHAPE.matcher(token).matches();
  }

  /**
   * The verified claims of {@code token}.
   *
   * @param nonce the {@code nonce} an ID token must carry, or {@code null} (access tokens)
   * @throws Refused when a check fails
   * @throws KeysUnavailable when the provider's keys cannot be fetched
   */
  JWTClaimsSet verify(String token, String nonce) throws Refused, KeysUnavailable {
    if (token.length() > MAX_LENGTH) {
      throw new Refused(
          "malformed", what + " refused: it is longer than " + MAX_LENGTH + " characters");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new Refused("malformed", what + " refused: it is not a well-formed JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw new Refused(
          "algorithm", what + " refused: unsigned tokens (alg: none) are never accepted");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      throw new Refused("algorithm", what + " refused: encrypted tokens are not accepted");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!algorithms.contains(alg)) {
      throw new Refused(
          "algorithm",
          what
              + " refused: it is signed with "
              + alg.getName()
              + ", which is not accepted (accepted: "
              + allowed
              + ")");
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    p.setJWTClaimsSetVerifier(new Claims(nonce));
    try {
      return p.process(signed, null);
    } catch (ClaimRefused e) {
      throw new Refused(e.check, e.getMessage());
    } catch (BadJWSException e) {
      throw new Refused(
          "signature",
          what + " refused: its signature does not verify with the identity provider's key");
    } catch (BadJWTException e) {
      throw new Refused("claims", what + " refused: " + e.getMessage());
    } catch (BadJOSEException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("typ")) {
        throw new Refused("type", what + " refused: its header type (typ) is not JWT");
      }
      throw new Refused(
          "key",
          what + " refused: no key of the identity provider's JWK set matches its key id (kid)");
    } catch (KeySourceException e) {
      throw new KeysUnavailable(e.getMessage());
    } catch (JOSEException e) {
      throw new Refused("signature", what + " refused: its signature cannot be verified");
    }
  }

  /** A claims check that failed, with its name. */
  private static final class ClaimRefused extends BadJWTException {
    private static final long serialVersionUID = 1L;
    final String check;

    ClaimRefused(String check, String message) {
      super(message);
      this.check = check;
    }
  }

  /** The claims checks, against the injected clock. */
  private final class Claims implements JWTClaimsSetVerifier<SecurityContext> {
    private final String nonce;

    Claims(String nonce) {
      this.nonce = nonce;
    }

    @Override
    public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
      Instant now = clock.instant();
      Date exp = c.getExpirationTime();
      if (exp == null) {
        throw new ClaimRefused("expiry", what + " refused: it has no expiry (exp)");
      }
      if (now.isAfter(exp.toInstant().plus(leeway))) {
        throw new ClaimRefused(
            "expired", what + " refused: it expired at " + exp.toInstant() + " (exp)");
      }
      Date nbf = c.getNotBeforeTime();
      if (nbf != null && now.plus(leeway).isBefore(nbf.toInstant())) {
        throw new ClaimRefused(
            "not_yet_valid",
            what + " refused: it is not valid before " + nbf.toInstant() + " (nbf)");
      }
      Date iat = c.getIssueTime();
      if (iat != null && now.plus(leeway).isBefore(iat.toInstant())) {
        throw new ClaimRefused(
            "issued_in_future",
            what + " refused: it was issued in the future, at " + iat.toInstant() + " (iat)");
      }
      if (!issuer.equals(c.getIssuer())) {
        throw new ClaimRefused(
            "issuer", what + " refused: its issuer (iss) is not the configured issuer " + issuer);
      }
      List<String> aud = c.getAudience();
      if (aud == null || !aud.contains(audience)) {
        throw new ClaimRefused(
            "audience", what + " refused: its audience (aud) does not contain '" + audience + "'");
      }
      if (nonce != null) {
        Object n = c.getClaim("nonce");
        if (!(n instanceof String s)
            || !java.security.MessageDigest.isEqual(
                s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                nonce.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
          throw new ClaimRefused("nonce", what + " refused: its nonce is not this sign-in's");
        }
        Object azp = c.getClaim("azp");
        if (aud.size() > 1 && !audience.equals(azp)) {
          throw new ClaimRefused(
              "audience",
              what + " refused: it has several audiences and its azp is not '" + audience + "'");
        }
      }
    }
  }
}
