package dev.duplex.websocket.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which close codes may be sent and received (RFC 6455 §7.4) and how reasons are bounded (§5.5). */
class CloseCodesTest {

    @Test
    void mayReceiveExactlyTheDefinedCodesAndTheLibraryAndApplicationRanges() {
        for (int code = 0; code <= 65535; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCodes.isReceivable(code)).as("code %d", code).isEqualTo(expected);
        }
    }

    @Test
    void maySendExactlyTheCodesTheSpecsCloseAccepts() {
        for (int code = 0; code <= 65535; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCodes.isSendable(code)).as("code %d", code).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000})
    void neitherSendsNorAcceptsReservedOrUnassignedCodes(int code) {
        assertThat(CloseCodes.isReceivable(code)).isFalse();
        assertThat(CloseCodes.isSendable(code)).isFalse();
    }

    @Test
    void acceptsAReasonOf123Bytes() {
        assertThatCode(() -> CloseCodes.checkReasonLength("r".repeat(123))).doesNotThrowAnyException();
        assertThatCode(() -> CloseCodes.checkReasonLength("\u00e9".repeat(61) + "r")).doesNotThrowAnyException();
    }

    @Test
    void refusesAReasonOver123BytesCountedInUtf8() {
        assertThatThrownBy(() -> CloseCodes.checkReasonLength("\u00e9".repeat(62)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("124 bytes");
    }

    @Test
    void leavesAShortReasonAsItIs() {
        assertThat(CloseCodes.truncateReason("short")).isEqualTo("short");
        assertThat(CloseCodes.truncateReason("r".repeat(123))).isEqualTo("r".repeat(123));
    }

    @Test
    void truncatesALongReasonToFitAndMarksIt() {
        String truncated = CloseCodes.truncateReason("r".repeat(200));

        assertThat(truncated).endsWith("...");
        assertThat(truncated.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    }

    @Test
    void truncatesALongReasonBetweenCharacters() {
        String reason = new String(Character.toChars(0x1F600)).repeat(40);

        String truncated = CloseCodes.truncateReason(reason);

        assertThat(truncated.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(truncated).doesNotContain("\ufffd").endsWith("...");
        assertThat(reason).startsWith(truncated.substring(0, truncated.length() - 3));
    }
}
