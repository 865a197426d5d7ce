package dev.duplex.websocket.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kotlin.jvm.functions.Function0;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OAuth2/OIDC authorization server for the tests (navikt's mock-oauth2-server, on 127.0.0.1 with an
 * ephemeral port): token endpoint for every grant, JWKS, RFC 7662 introspection. Its clock is the scenario's
 * {@link MutableClock}, so tokens expire when the test says.
 */
public final class AuthorizationServer implements AutoCloseable {
    private final MockOAuth2Server server;

    public AuthorizationServer(MutableClock clock, OAuth2TokenCallback... callbacks) {
        this(clock, new KeyProvider(), callbacks);
    }

    public AuthorizationServer(MutableClock clock, KeyProvider keys, OAuth2TokenCallback... callbacks) {
        Function0<Instant> time = clock::instant;
        OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys, time),
                Set.of(callbacks));
        server = new MockOAuth2Server(config);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A callback that gives tokens of {@code issuerId} this subject, audience and claims (e.g. scope). */
    public static OAuth2TokenCallback tokens(String issuerId, String subject, String audience,
                                             Map<String, Object> claims, Duration expiry) {
        return new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of(audience), claims,
                expiry.getSeconds());
    }

    public String issuer(String issuerId) {
        return server.issuerUrl(issuerId).toString();
    }

    public String jwksUrl(String issuerId) {
        return server.jwksUrl(issuerId).toString();
    }

    public String tokenUrl(String issuerId) {
        return server.tokenEndpointUrl(issuerId).toString();
    }

    public String introspectionUrl(String issuerId) {
        return server.url(issuerId + "/introspect").toString();
    }

    /** A signed access token of {@code issuerId}. */
    public String token(String issuerId, String subject, String audience, Map<String, Object> claims,
                        Duration expiry) {
        return server.issueToken(issuerId, subject, audience, claims, expiry.getSeconds()).serialize();
    }

    /** Makes the next token request of {@code issuerId} use {@code callback} (e.g. for a refresh token grant). */
    public void enqueue(OAuth2TokenCallback callback) {
        server.enqueueCallback(callback);
    }

    /** The paths of the requests received since the last call, in order. */
    public List<RecordedRequest> takeRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RecordedRequest request;
            try {
                // Every request the test made has completed, so the queue holds them all already.
                request = server.takeRequest(100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException empty) {
                break;
            }
            if (request == null) {
                break;
            }
            requests.add(request);
        }
        return requests;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
