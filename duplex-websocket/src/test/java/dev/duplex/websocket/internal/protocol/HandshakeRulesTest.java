package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake's rules (RFC 6455 §1.3, §4.1, §4.2). */
class HandshakeRulesTest {

    @Test
    void computesTheAcceptValueOfTheRfcsExample() {
        assertThat(HandshakeRules.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void makesKeysThatAreValidAndFresh() {
        String first = HandshakeRules.newKey();
        String second = HandshakeRules.newKey();

        assertThat(HandshakeRules.isValidKey(first)).isTrue();
        assertThat(HandshakeRules.isValidKey(second)).isTrue();
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dGhlIHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA=="})
    void acceptsBase64OfSixteenBytesAsAKey(String key) {
        assertThat(HandshakeRules.isValidKey(key)).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===", "AAAAAAAAAAAAAAAAAAAAAAAA",
        "dGhlIHNhbXBsZSBub25jZQ!!", "dGhlIHNhbXBsZSBub25j", "not a key at all, really"})
    void refusesAnythingElseAsAKey(String key) {
        assertThat(HandshakeRules.isValidKey(key)).isFalse();
    }

    @Test
    void findsATokenInACommaSeparatedHeaderIgnoringCaseAndSpaces() {
        assertThat(HandshakeRules.containsToken("keep-alive, Upgrade", "upgrade")).isTrue();
        assertThat(HandshakeRules.containsToken("UPGRADE", "Upgrade")).isTrue();
        assertThat(HandshakeRules.containsToken("keep-alive", "upgrade")).isFalse();
        assertThat(HandshakeRules.containsToken("upgraded", "upgrade")).isFalse();
        assertThat(HandshakeRules.containsToken(null, "upgrade")).isFalse();
    }

    @Test
    void splitsHeaderValuesIntoTrimmedTokens() {
        assertThat(HandshakeRules.tokens(List.of("chat, superchat", " ,v2 ", "")))
                .containsExactly("chat", "superchat", "v2");
    }

    @Test
    void choosesTheClientsFirstSubProtocolThatTheServiceSupports() {
        assertThat(HandshakeRules.selectSubProtocol(List.of("xml", "json", "chat"), List.of("chat", "json")))
                .isEqualTo("json");
    }

    @Test
    void choosesTheClientsFirstSubProtocolWhenTheServiceAcceptsAny() {
        assertThat(HandshakeRules.selectSubProtocol(List.of("xml", "json"), List.of("*"))).isEqualTo("xml");
        assertThat(HandshakeRules.selectSubProtocol(List.of("xml", "json"), List.of("chat", "*"))).isEqualTo("xml");
    }

    @Test
    void choosesNoSubProtocolWhenNoneMatches() {
        assertThat(HandshakeRules.selectSubProtocol(List.of("xml"), List.of("json"))).isNull();
        assertThat(HandshakeRules.selectSubProtocol(List.of(), List.of("*"))).isNull();
        assertThat(HandshakeRules.selectSubProtocol(List.of("xml"), List.of())).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"upgrade", " Upgrade ", "keep-alive,upgrade", "keep-alive ,\tUPGRADE\t", "a, upgrade, b",
        ",upgrade,", "upgrade,"})
    void findsTheTokenWhereverItStandsInTheList(String value) {
        assertThat(HandshakeRules.containsToken(value, "upgrade")).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", ",", " , ", "upgrade-please", "up grade", "keep-alive, upgrades", "xupgrade",
        "upgrad"})
    void doesNotFindTheTokenInAnythingElse(String value) {
        assertThat(HandshakeRules.containsToken(value, "upgrade")).isFalse();
    }

    @Test
    void computesTheSameAcceptValueOnEveryThreadAndCallAfterCall() throws Exception {
        String expected = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
        assertThat(HandshakeRules.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo(expected);
        assertThat(HandshakeRules.acceptFor("AAAAAAAAAAAAAAAAAAAAAA==")).isNotEqualTo(expected);
        assertThat(HandshakeRules.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo(expected);

        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> HandshakeRules.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")));
            }
            for (var answer : answers) {
                assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
