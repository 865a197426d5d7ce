package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.DeflatePeer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Negotiation rules of {@link PerMessageDeflate} and the window rule of {@link MessageDeflater}, without sockets. */
class PerMessageDeflateTest {
    private static PerMessageDeflate.Agreement accept(String offer) {
        return PerMessageDeflate.accept(List.of(offer), PerMessageDeflate.Preferences.DEFAULT);
    }

    @Test
    void acceptsEachParameterAndStatesItInTheAnswer() {
        assertThat(accept("permessage-deflate").header()).isEqualTo("permessage-deflate");
        assertThat(accept("permessage-deflate; server_no_context_takeover").header())
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(accept("permessage-deflate; client_no_context_takeover").header())
                .isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThat(accept("permessage-deflate; server_max_window_bits=8").serverMaxWindowBits()).isEqualTo(8);
        assertThat(accept("permessage-deflate; client_max_window_bits=\"10\"").header())
                .isEqualTo("permessage-deflate; client_max_window_bits=10");
        assertThat(accept("permessage-deflate; client_max_window_bits").header()).isEqualTo("permessage-deflate");
    }

    @Test
    void declinesOffersWithInvalidRepeatedOrUnknownParameters() {
        assertThat(accept("permessage-deflate; server_max_window_bits=7")).isNull();
        assertThat(accept("permessage-deflate; server_max_window_bits=16")).isNull();
        assertThat(accept("permessage-deflate; server_max_window_bits")).isNull();
        assertThat(accept("permessage-deflate; server_no_context_takeover=1")).isNull();
        assertThat(accept("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isNull();
        assertThat(accept("permessage-deflate; x_extra")).isNull();
        assertThat(accept("x-webkit-deflate-frame")).isNull();
    }

    @Test
    void theClientRefusesAnAnswerItCannotHonour() {
        var offered = PerMessageDeflate.Preferences.DEFAULT;
        assertThatThrownBy(() -> PerMessageDeflate.confirm(List.of("permessage-deflate; client_max_window_bits"),
                offered)).hasMessageContaining("client_max_window_bits");
        assertThatThrownBy(() -> PerMessageDeflate.confirm(List.of("x-other"), offered))
                .hasMessageContaining("did not offer");
        assertThatThrownBy(() -> PerMessageDeflate.confirm(List.of("permessage-deflate, permessage-deflate"),
                offered)).hasMessageContaining("more than one");
        assertThat(PerMessageDeflate.confirm(List.of("permessage-deflate; client_max_window_bits=9"), offered)
                .clientMaxWindowBits()).isEqualTo(9);
    }

    @Test
    void aLimitedWindowCompressesOnlyMessagesThatFitItEachWithAFreshContext() {
        var deflater = new MessageDeflater(false, 9, 0);
        byte[] fits = "abcdefgh".repeat(64).getBytes();
        byte[] tooLong = "abcdefgh".repeat(65).getBytes();
        byte[] first = deflater.compress(fits, 0, fits.length);
        byte[] second = deflater.compress(fits, 0, fits.length);
        assertThat(first).isNotNull().isEqualTo(second);
        assertThat(DeflatePeer.inflateAlone(second)).isEqualTo(fits);
        assertThat(deflater.compress(tooLong, 0, tooLong.length)).isNull();
        deflater.release();
    }

    @Test
    void messagesShorterThanTheThresholdStayUncompressed() {
        var deflater = new MessageDeflater(false, 15, 100);
        assertThat(deflater.compress(new byte[99], 0, 99)).isNull();
        assertThat(deflater.compress(new byte[100], 0, 100)).isNotNull();
        deflater.release();
        assertThat(deflater.compress(new byte[100], 0, 100)).as("after release").isNull();
    }

    @Test
    void agreesToNothingWhenNoExtensionIsOffered() {
        assertThat(PerMessageDeflate.accept(List.of(), PerMessageDeflate.Preferences.DEFAULT)).isNull();
        assertThat(PerMessageDeflate.accept(List.of(""), PerMessageDeflate.Preferences.DEFAULT)).isNull();
    }
}
