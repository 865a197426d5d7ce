package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link OriginPolicy}, without sockets. */
class OriginPolicyRulesTest {
    @Test
    void canonicalFormLowersCaseAndDropsTheSchemesDefaultPort() {
        assertThat(OriginPolicy.canonical("HTTPS://App.Example.COM:443")).isEqualTo("https://app.example.com");
        assertThat(OriginPolicy.canonical("http://example.com:80")).isEqualTo("http://example.com");
        assertThat(OriginPolicy.canonical("http://example.com:8080")).isEqualTo("http://example.com:8080");
        assertThat(OriginPolicy.canonical("http://[::1]:9000")).isEqualTo("http://[::1]:9000");
    }

    @Test
    void canonicalFormRefusesAnythingButSchemeHostAndPort() {
        for (String bad : List.of("example.com", "https://example.com/", "https://example.com/app",
                "https://user@example.com", "https://example.com?x=1", "https://example.com#top", "::")) {
            assertThatThrownBy(() -> OriginPolicy.canonical(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void passesARequestWithoutOrigin() {
        assertThat(OriginPolicy.refusal(null, "example.com", false, List.of())).isNull();
    }

    @Test
    void passesTheSameOriginWithDefaultPortsFilledIn() {
        assertThat(OriginPolicy.refusal("http://example.com", "example.com:80", false, List.of())).isNull();
        assertThat(OriginPolicy.refusal("https://example.com", "example.com", true, List.of())).isNull();
        assertThat(OriginPolicy.refusal("http://EXAMPLE.com:8080", "example.com:8080", false, List.of())).isNull();
        assertThat(OriginPolicy.refusal("http://[::1]:8080", "[::1]:8080", false, List.of())).isNull();
    }

    @Test
    void passesAnHttpsPageWhoseTlsEndsAtAProxyThatForwardsAHostWithoutPort() {
        assertThat(OriginPolicy.refusal("https://example.com", "example.com", false, List.of())).isNull();
    }

    @Test
    void refusesAnotherHostOrPort() {
        assertThat(OriginPolicy.refusal("http://evil.example", "example.com", false, List.of()))
                .contains("http://evil.example").contains("allowedOrigins");
        assertThat(OriginPolicy.refusal("http://example.com:81", "example.com", false, List.of())).isNotNull();
        assertThat(OriginPolicy.refusal("https://example.com", "example.com:80", false, List.of()))
                .as("https's port 443 is not the Host's 80").isNotNull();
        assertThat(OriginPolicy.refusal("http://example.com:8080", "example.com", true, List.of()))
                .as("over TLS, a Host without a port means 443").isNotNull();
    }

    @Test
    void passesAnOriginOnTheListAndEveryOriginWithTheWildcard() {
        assertThat(OriginPolicy.refusal("https://app.example", "api.example", true,
                List.of("https://app.example"))).isNull();
        assertThat(OriginPolicy.refusal("https://anything.example", "api.example", true, List.of("*"))).isNull();
    }

    @Test
    void refusesOpaqueAndMalformedOriginsUnlessAllowed() {
        assertThat(OriginPolicy.refusal("null", "example.com", false, List.of())).contains("opaque");
        assertThat(OriginPolicy.refusal("null", "example.com", false, List.of("null"))).isNull();
        assertThat(OriginPolicy.refusal("not an origin", "example.com", false, List.of())).contains("malformed");
    }
}
