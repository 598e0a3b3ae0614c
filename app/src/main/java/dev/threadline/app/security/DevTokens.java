package dev.threadline.app.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.threadline.app.store.DevSecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Development tokens: HS256 with a secret generated on first start and kept in the data directory, so tokens
 * survive restarts of the same installation. Never for production.
 */
final class DevTokens {

    static final String ISSUER = "threadline-dev";

    private final SecretKey key;
    private final NimbusJwtEncoder encoder;
    private final Duration lifetime;

    DevTokens(Path secretFile, Duration lifetime) {
        this.key = new SecretKeySpec(loadOrCreate(secretFile), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.lifetime = lifetime;
    }

    record Minted(String token, Instant expiresAt) {}

    Minted mint(String userId) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(userId)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Minted(token, now.plus(lifetime));
    }

    ReactiveJwtDecoder decoder() {
        return NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            return Base64.getDecoder().decode(DevSecretFile.loadOrCreate(file, 32));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the development JWT secret " + file, e);
        }
    }
}
