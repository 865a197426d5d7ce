package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One rule for invalid settings: refused when the configuration is built, with a message naming the setting and the
 * value, never silently replaced by a default and never a bare {@code NullPointerException}.
 */
class InvalidSettingsTest {

    @ServiceConfig(maxFrameSize = 0)
    static final class AnnotatedWithZeroFrameSize {
    }

    @Test
    void refusesANegativeMaxFrameSize() {
        assertThatThrownBy(() -> WsServiceConfig.builder().maxFrameSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("WsServiceConfig.maxFrameSize", "-1");
    }

    @Test
    void refusesAZeroMaxMessageSize() {
        assertThatThrownBy(() -> WsServiceConfig.builder().maxMessageSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("WsServiceConfig.maxMessageSize", "was 0");
    }

    @Test
    void refusesAZeroMaxFrameSizeInTheAnnotation() {
        ServiceConfig annotation = AnnotatedWithZeroFrameSize.class.getAnnotation(ServiceConfig.class);

        assertThatThrownBy(() -> WsServiceConfig.from(annotation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("maxFrameSize", "was 0");
    }

    @Test
    void refusesAnEmptyDispatcherKey() {
        assertThatThrownBy(() -> WsServiceConfig.builder().dispatcherKey("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("WsServiceConfig.dispatcherKey", "''");
    }

    @Test
    void refusesABlankDispatcherStreamId() {
        assertThatThrownBy(() -> WsServiceConfig.builder().dispatcherKey("type").dispatcherStreamId(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("WsServiceConfig.dispatcherStreamId", "' '");
    }

    @Test
    void refusesNullSubProtocolsNamingTheSetting() {
        assertThatThrownBy(() -> WsServiceConfig.builder().subProtocols((String[]) null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("WsServiceConfig.subProtocols");
        assertThatThrownBy(() -> WsServiceConfig.builder().subProtocols(Arrays.asList("chat", null)).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("WsServiceConfig.subProtocols");
    }

    @Test
    void refusesABlankSubProtocol() {
        assertThatThrownBy(() -> WsServiceConfig.builder().subProtocols("chat", "").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("WsServiceConfig.subProtocols", "''");
    }

    @Test
    void refusesAClientMaxFrameSizeOrMaxMessageSizeBelowOne() {
        assertThatThrownBy(() -> ClientConfiguration.builder().maxFrameSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ClientConfiguration.maxFrameSize", "-1");
        assertThatThrownBy(() -> ClientConfiguration.builder().maxMessageSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ClientConfiguration.maxMessageSize", "was 0");
    }

    @Test
    void refusesANegativeOrZeroHandShakeTimeout() {
        assertThatThrownBy(() -> ClientConfiguration.builder().handShakeTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ClientConfiguration.handShakeTimeout", "PT-1S");
        assertThatThrownBy(() -> ClientConfiguration.builder().handShakeTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ClientConfiguration.handShakeTimeout", "PT0S");
    }

    @Test
    void refusesNullClientSubProtocolsNamingTheSetting() {
        assertThatThrownBy(() -> ClientConfiguration.builder().subProtocols((java.util.List<String>) null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ClientConfiguration.subProtocols");
    }
}
