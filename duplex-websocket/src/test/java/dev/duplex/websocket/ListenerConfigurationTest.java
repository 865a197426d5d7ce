package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.1 (ListenerConfiguration, ListenerHttp1Settings, RequestLimitConfigs) and §3.1.1 (WSServiceConfig): every
 * field keeps the spec's default, and an invalid value fails when the configuration is built, naming the field.
 */
class ListenerConfigurationTest {

    // ---- ListenerConfiguration defaults ----

    @Test
    void hostDefaultsToAllInterfaces() {
        assertThat(ListenerConfiguration.DEFAULT.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void http1SettingsDefaultToKeepAliveAutoAndTenPipelinedRequests() {
        Http1Settings settings = ListenerConfiguration.DEFAULT.http1Settings();
        assertThat(settings.keepAlive()).isEqualTo(KeepAlive.AUTO);
        assertThat(settings.maxPipelinedRequests()).isEqualTo(10);
        assertThat(settings).isEqualTo(Http1Settings.DEFAULT);
    }

    @Test
    void timeoutDefaultsTo120Seconds() {
        assertThat(ListenerConfiguration.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void requestHeadTimeoutDefaultsTo60SecondsAsNodesHeadersTimeout() {
        assertThat(ListenerConfiguration.DEFAULT.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void maxPendingUpgradesDefaultsTo1024() {
        assertThat(ListenerConfiguration.DEFAULT.maxPendingUpgrades()).isEqualTo(1024);
    }

    @Test
    void toStringShowsTheHttpPhaseLimits() {
        assertThat(ListenerConfiguration.builder().requestHeadTimeout(Duration.ofSeconds(7)).maxPendingUpgrades(77)
                .build().toString()).contains("requestHeadTimeout=PT7S", "maxPendingUpgrades=77");
    }

    @Test
    void refusesANegativeRequestHeadTimeoutNamingTheSetting() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().requestHeadTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestHeadTimeout").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> ListenerConfiguration.builder().requestHeadTimeout(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("requestHeadTimeout");
    }

    @Test
    void refusesNegativeMaxPendingUpgradesNamingTheSetting() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().maxPendingUpgrades(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPendingUpgrades").hasMessageContaining("-1");
    }

    @Test
    void serverHeaderIsAbsentByDefault() {
        assertThat(ListenerConfiguration.DEFAULT.server()).isNull();
    }

    @Test
    void compressionIsEnabledByDefault() {
        assertThat(ListenerConfiguration.DEFAULT.webSocketCompressionEnabled()).isTrue();
    }

    @Test
    void requestLimitsDefaultTo4096UriBytes8192HeaderBytesAndNoBodyLimit() {
        RequestLimits limits = ListenerConfiguration.DEFAULT.requestLimits();
        assertThat(limits.maxUriLength()).isEqualTo(4096);
        assertThat(limits.maxHeaderSize()).isEqualTo(8192);
        assertThat(limits.maxEntityBodySize()).isEqualTo(-1);
        assertThat(limits).isEqualTo(RequestLimits.DEFAULT);
    }

    @Test
    void aFreshBuilderBuildsTheDefaults() {
        assertThat(ListenerConfiguration.builder().build()).isEqualTo(ListenerConfiguration.DEFAULT);
    }

    @Test
    void toStringShowsEveryDefault() {
        assertThat(ListenerConfiguration.DEFAULT.toString())
                .contains("0.0.0.0", "AUTO", "10", "PT2M", "4096", "8192", "-1");
    }

    @Test
    void builderSetsEveryField() {
        var http1 = new Http1Settings(KeepAlive.NEVER, 3);
        var limits = new RequestLimits(100, 200, 300);
        ListenerConfiguration config = ListenerConfiguration.builder()
                .host("127.0.0.1")
                .http1Settings(http1)
                .timeout(Duration.ofMillis(300))
                .server("duplex-test")
                .webSocketCompressionEnabled(false)
                .requestLimits(limits)
                .build();
        assertThat(config).isEqualTo(new ListenerConfiguration("127.0.0.1", http1, Duration.ofMillis(300),
                Duration.ofSeconds(60), "duplex-test", false, limits, null, 0, 1024, null, null, null));
    }

    @Test
    void toBuilderKeepsEveryField() {
        ListenerConfiguration config = ListenerConfiguration.builder().host("127.0.0.1").server("s")
                .timeout(Duration.ZERO).requestHeadTimeout(Duration.ofSeconds(5)).maxPendingUpgrades(3)
                .webSocketCompressionEnabled(false)
                .http1Settings(new Http1Settings(KeepAlive.ALWAYS, 1)).requestLimits(new RequestLimits(1, 1, 0))
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void zeroTimeoutIsAcceptedToDisableTheTimeout() {
        assertThat(ListenerConfiguration.builder().timeout(Duration.ZERO).build().timeout()).isZero();
    }

    // ---- ListenerConfiguration refusals ----

    @Test
    void refusesANegativeTimeout() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().timeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void refusesABlankHost() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().host("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void refusesANullHost() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().host(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("host");
    }

    @Test
    void refusesNullHttp1Settings() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().http1Settings(null).build())
                .hasMessageContaining("http1Settings");
    }

    @Test
    void refusesNullRequestLimits() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().requestLimits(null).build())
                .hasMessageContaining("requestLimits");
    }

    @Test
    void refusesANullTimeout() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().timeout(null).build())
                .hasMessageContaining("timeout");
    }

    @Test
    void refusesZeroMaxPipelinedRequests() {
        assertThatThrownBy(() -> new Http1Settings(KeepAlive.AUTO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPipelinedRequests");
    }

    @Test
    void refusesANullKeepAlive() {
        assertThatThrownBy(() -> new Http1Settings(null, 10)).hasMessageContaining("keepAlive");
    }

    @Test
    void refusesZeroMaxUriLength() {
        assertThatThrownBy(() -> new RequestLimits(0, 8192, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxUriLength");
    }

    @Test
    void refusesZeroMaxHeaderSize() {
        assertThatThrownBy(() -> new RequestLimits(4096, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHeaderSize");
    }

    @Test
    void refusesAMaxEntityBodySizeBelowMinusOne() {
        assertThatThrownBy(() -> new RequestLimits(4096, 8192, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntityBodySize");
    }

    @Test
    void acceptsAZeroMaxEntityBodySizeToRefuseEveryBody() {
        assertThat(new RequestLimits(4096, 8192, 0).maxEntityBodySize()).isZero();
    }

    // ---- WsServiceConfig ----

    @Test
    void serviceConfigDefaultsAreTheSpecs() {
        WsServiceConfig config = WsServiceConfig.DEFAULT;
        assertThat(config.subProtocols()).isEmpty();
        assertThat(config.idleTimeout()).isZero();
        assertThat(config.maxFrameSize()).isEqualTo(65536);
        assertThat(config.validation()).isTrue();
        assertThat(config.dispatcherKey()).isNull();
        assertThat(config.dispatcherStreamId()).isNull();
        assertThat(config.connectionClosureTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesAConnectionClosureTimeoutOfMinusTwoSeconds() {
        assertThatThrownBy(() -> WsServiceConfig.builder().connectionClosureTimeout(Duration.ofSeconds(-2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionClosureTimeout");
    }

    @Test
    void acceptsAConnectionClosureTimeoutOfMinusOneSecondToWaitForever() {
        WsServiceConfig config = WsServiceConfig.builder().connectionClosureTimeout(Duration.ofSeconds(-1)).build();
        assertThat(config.connectionClosureTimeout()).isEqualTo(WsServiceConfig.WAIT_FOREVER);
    }

    @Test
    void keepsAPositiveMaxFrameSize() {
        assertThat(WsServiceConfig.builder().maxFrameSize(16).build().maxFrameSize()).isEqualTo(16);
    }

    @Test
    void refusesADispatcherStreamIdWithoutADispatcherKey() {
        assertThatThrownBy(() -> WsServiceConfig.builder().dispatcherStreamId("id").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dispatcherStreamId")
                .hasMessageContaining("dispatcherKey");
    }

    @Test
    void acceptsADispatcherStreamIdWithADispatcherKey() {
        WsServiceConfig config = WsServiceConfig.builder().dispatcherKey("event").dispatcherStreamId("id").build();
        assertThat(config.dispatcherKey()).isEqualTo("event");
        assertThat(config.dispatcherStreamId()).isEqualTo("id");
    }

    @Test
    void refusesANegativeIdleTimeout() {
        assertThatThrownBy(() -> WsServiceConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
    }

    @Test
    void copiesTheSubProtocolList() {
        var protocols = new java.util.ArrayList<>(List.of("chat"));
        WsServiceConfig config = WsServiceConfig.builder().subProtocols(protocols).build();
        protocols.add("other");
        assertThat(config.subProtocols()).containsExactly("chat");
    }

    // ---- @ServiceConfig → WsServiceConfig ----

    @ServiceConfig(subProtocols = {"chat", "superchat"}, maxFrameSize = 16, idleTimeout = 1.5,
            connectionClosureTimeout = -1, dispatcherKey = "event", dispatcherStreamId = "id")
    static final class Annotated {
    }

    @ServiceConfig(connectionClosureTimeout = -2)
    static final class AnnotatedWithBadClosureTimeout {
    }

    @ServiceConfig(dispatcherStreamId = "id")
    static final class AnnotatedWithStreamIdOnly {
    }

    @Test
    void annotationValuesBecomeTheServiceConfig() {
        WsServiceConfig config = WsServiceConfig.from(Annotated.class.getAnnotation(ServiceConfig.class));
        assertThat(config.subProtocols()).containsExactly("chat", "superchat");
        assertThat(config.maxFrameSize()).isEqualTo(16);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.connectionClosureTimeout()).isEqualTo(WsServiceConfig.WAIT_FOREVER);
        assertThat(config.dispatcherKey()).isEqualTo("event");
        assertThat(config.dispatcherStreamId()).isEqualTo("id");
    }

    @Test
    void annotationWithAClosureTimeoutOfMinusTwoIsRefused() {
        ServiceConfig annotation = AnnotatedWithBadClosureTimeout.class.getAnnotation(ServiceConfig.class);
        assertThatThrownBy(() -> WsServiceConfig.from(annotation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionClosureTimeout");
    }

    @Test
    void annotationWithAStreamIdButNoKeyIsRefused() {
        ServiceConfig annotation = AnnotatedWithStreamIdOnly.class.getAnnotation(ServiceConfig.class);
        assertThatThrownBy(() -> WsServiceConfig.from(annotation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dispatcherStreamId");
    }

    @Test
    void annotationDefaultsEqualTheServiceConfigDefaults() {
        @ServiceConfig
        final class Plain {
        }
        assertThat(WsServiceConfig.from(Plain.class.getAnnotation(ServiceConfig.class)))
                .isEqualTo(WsServiceConfig.DEFAULT);
    }
}
