package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The library's messages, shown by the CLI, speak the CLI's language: its duration format and its option names. */
class ErrorTextTest {

    @Test
    void writesDurationsAsTheOptionsTakeThem() {
        assertThat(ErrorText.forPeople("the opening handshake did not complete within PT2S"))
                .isEqualTo("the opening handshake did not complete within 2s");
        assertThat(ErrorText.forPeople("no message arrived within PT0.5S, nor within PT1M30S"))
                .isEqualTo("no message arrived within 500ms, nor within 90s");
    }

    @Test
    void namesTheOptionInsteadOfTheLibrarysSetting() {
        assertThat(ErrorText.forPeople("text message of 16 bytes exceeds maxMessageSize=8"
                + " (ClientConfiguration.maxMessageSize)"))
                .isEqualTo("text message of 16 bytes exceeds maxMessageSize=8 (--max-message-size)");
        assertThat(ErrorText.forPeople("did not complete within PT0.2S (ClientConfiguration.handShakeTimeout)"))
                .isEqualTo("did not complete within 200ms (--handshake-timeout)");
    }

    @Test
    void leavesOtherTextAsItIs() {
        assertThat(ErrorText.forPeople("connection refused: 127.0.0.1:9")).isEqualTo("connection refused: 127.0.0.1:9");
    }
}
