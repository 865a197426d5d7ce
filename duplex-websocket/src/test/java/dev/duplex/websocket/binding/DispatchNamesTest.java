package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.internal.binding.DispatchNames;
import org.junit.jupiter.api.Test;

/** The spec's naming rule for custom remote methods (§3.2.2). */
class DispatchNamesTest {
    @Test
    void prefixesOnAndCapitalisesASingleWord() {
        assertThat(DispatchNames.methodName("heartbeat")).isEqualTo("onHeartbeat");
    }

    @Test
    void removesSpacesAndCamelCasesTheWords() {
        assertThat(DispatchNames.methodName("un subscribe")).isEqualTo("onUnSubscribe");
    }

    @Test
    void removesUnderscoresAndSpacesTogether() {
        assertThat(DispatchNames.methodName("this_ping message")).isEqualTo("onThisPingMessage");
    }

    @Test
    void camelCasesSnakeCaseSubProtocolMessageTypes() {
        assertThat(DispatchNames.methodName("connection_init")).isEqualTo("onConnectionInit");
    }

    @Test
    void keepsTheCaseOfLettersInsideAWord() {
        assertThat(DispatchNames.methodName("heartBeat")).isEqualTo("onHeartBeat");
    }

    @Test
    void treatsRunsOfSeparatorsAndLeadingOrTrailingSeparatorsAsOne() {
        assertThat(DispatchNames.methodName("  un__subscribe_ ")).isEqualTo("onUnSubscribe");
    }

    @Test
    void keepsDigits() {
        assertThat(DispatchNames.methodName("v2 ping")).isEqualTo("onV2Ping");
    }

    @Test
    void splitsOnOtherPunctuationToo() {
        assertThat(DispatchNames.methodName("order-created")).isEqualTo("onOrderCreated");
        assertThat(DispatchNames.methodName("order.created")).isEqualTo("onOrderCreated");
    }

    @Test
    void capitalisesNonAsciiLetters() {
        assertThat(DispatchNames.methodName("über ping")).isEqualTo("onÜberPing");
    }

    @Test
    void hasNoMethodNameForAValueWithoutLettersOrDigits() {
        assertThat(DispatchNames.methodName("")).isNull();
        assertThat(DispatchNames.methodName(" _-")).isNull();
    }

    @Test
    void namesTheErrorMethodAfterTheMethod() {
        assertThat(DispatchNames.errorMethodName("onHeartbeat")).isEqualTo("onHeartbeatError");
        assertThat(DispatchNames.errorMethodName("onSubscribeMessage")).isEqualTo("onSubscribeMessageError");
    }
}
