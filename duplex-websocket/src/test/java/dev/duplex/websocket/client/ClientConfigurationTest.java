package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.RetryConfig;
import java.net.HttpCookie;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigurationTest {

    @Test
    void defaultsAreTheSpecOnes() {
        ClientConfiguration config = ClientConfiguration.DEFAULT;

        assertThat(config.subProtocols()).isEmpty();
        assertThat(config.customHeaders()).isEmpty();
        assertThat(config.cookies()).isEmpty();
        assertThat(config.readTimeout()).as("readTimeout: none").isEqualTo(Duration.ZERO);
        assertThat(config.writeTimeout()).as("writeTimeout: none").isEqualTo(Duration.ZERO);
        assertThat(config.handShakeTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.maxFrameSize()).isEqualTo(65536);
        assertThat(config.maxMessageSize()).isEqualTo(1 << 20);
        assertThat(config.webSocketCompressionEnabled()).isTrue();
        assertThat(config.pingPongHandler()).isNull();
        assertThat(config.retryConfig()).isNull();
        assertThat(config.validation()).isTrue();
        assertThat(config.inboundQueueCapacity()).isEqualTo(64);
    }

    @Test
    void defaultsAreVisibleInToString() {
        assertThat(ClientConfiguration.DEFAULT.toString())
                .contains("handShakeTimeout=PT5M", "maxFrameSize=65536", "inboundQueueCapacity=64");
    }

    @Test
    void toStringNamesHeadersAndCookiesButHidesTheirValues() {
        var config = ClientConfiguration.builder()
                .customHeaders(java.util.Map.of("X-Api-Key", "s3cret-key"))
                .cookies(java.util.List.of(new java.net.HttpCookie("session", "s3cret-session")))
                .build();

        assertThat(config.toString())
                .contains("X-Api-Key=***", "session=***", "maxFrameSize=65536")
                .doesNotContain("s3cret");
    }

    @Test
    void negativeReadTimeoutIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ClientConfiguration.builder().readTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readTimeout");
    }

    @Test
    void negativeWriteTimeoutIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ClientConfiguration.builder().writeTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeTimeout");
    }

    @Test
    void subProtocolThatIsNotATokenIsRefused() {
        assertThatThrownBy(() -> ClientConfiguration.builder().subProtocols("chat, json").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subProtocols");
    }

    @Test
    void inboundQueueCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> ClientConfiguration.builder().inboundQueueCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inboundQueueCapacity");
    }

    @Test
    void configurationIsImmutable() {
        var headers = new java.util.HashMap<>(Map.of("X-A", "1"));
        var config = ClientConfiguration.builder().customHeaders(headers).subProtocols(List.of("chat")).build();
        headers.put("X-B", "2");

        assertThat(config.customHeaders()).containsOnlyKeys("X-A");
        assertThatThrownBy(() -> config.subProtocols().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderKeepsEveryField() {
        var config = ClientConfiguration.builder()
                .subProtocols("chat")
                .readTimeout(Duration.ofSeconds(3))
                .writeTimeout(Duration.ofSeconds(4))
                .handShakeTimeout(Duration.ofSeconds(5))
                .maxFrameSize(1000)
                .maxMessageSize(2000)
                .webSocketCompressionEnabled(false)
                .retryConfig(RetryConfig.DEFAULT)
                .validation(false)
                .inboundQueueCapacity(3)
                .build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void aCustomHeaderWhoseValueHoldsCrOrLfIsRefusedWhenTheConfigurationIsMadeNamingTheHeader() {
        for (String value : new String[] {"a\r\nX-Injected: 1", "a\nb", "a\u0000b"}) {
            assertThatThrownBy(() -> ClientConfiguration.builder().customHeaders(Map.of("X-Trace", value)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("request header X-Trace")
                    .hasMessageContaining("ClientConfiguration.customHeaders");
        }
    }

    @Test
    void aCustomHeaderWhoseNameIsNotATokenIsRefusedWhenTheConfigurationIsMade() {
        assertThatThrownBy(() -> ClientConfiguration.builder().customHeaders(Map.of("X Trace:", "1")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request header name")
                .hasMessageContaining("ClientConfiguration.customHeaders");
    }

    @Test
    void aCookieThatCouldEndTheHeaderIsRefusedWhenTheConfigurationIsMade() {
        assertThatThrownBy(() -> ClientConfiguration.builder().cookies(List.of(new HttpCookie("a", "1\r\nX-Injected: 1"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cookie")
                .hasMessageContaining("ClientConfiguration.cookies");
    }
}
