package dev.duplex.websocket.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeClaimTest {
    @Test
    void aStringClaimHoldsSpaceSeparatedScopes() {
        assertThat(ScopeClaim.parse("  write   update read ")).containsExactly("write", "update", "read");
    }

    @Test
    void anArrayClaimHoldsOneScopePerEntry() {
        assertThat(ScopeClaim.parse(List.of("write", "update"))).containsExactly("write", "update");
    }

    @Test
    void anAbsentOrOtherClaimHoldsNoScopes() {
        assertThat(ScopeClaim.parse(null)).isEmpty();
        assertThat(ScopeClaim.parse(42)).isEmpty();
    }

    @Test
    void numbersOfDifferentTypesAreTheSameJsonValue() {
        assertThat(JwtVerifier.sameJsonValue(5L, 5)).isTrue();
        assertThat(JwtVerifier.sameJsonValue(5.0, 5)).isTrue();
        assertThat(JwtVerifier.sameJsonValue("5", 5)).isFalse();
    }
}
