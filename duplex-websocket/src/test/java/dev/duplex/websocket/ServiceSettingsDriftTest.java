package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each service setting is defined in up to four places (the {@link WsServiceConfig} record, its builder, the
 * {@link ServiceConfig} annotation and the settings table of docs/listener-and-services.md); this test walks all of
 * them so they cannot drift apart.
 */
class ServiceSettingsDriftTest {
    /** Settings that cannot be annotation constants: objects made in code. */
    private static final Set<String> CODE_ONLY = Set.of("codec", "auth");
    private static final Path GUIDE = Path.of("../docs/listener-and-services.md");

    private static List<String> settings() {
        return Arrays.stream(WsServiceConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void theBuilderHasASetterForEverySetting() {
        Set<String> setters = Arrays.stream(WsServiceConfig.Builder.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getReturnType() == WsServiceConfig.Builder.class)
                .map(Method::getName).collect(Collectors.toSet());

        assertThat(setters).containsAll(settings());
    }

    @Test
    void theAnnotationHasAnElementForEverySettingButCodeOnlyOnes() {
        Set<String> elements = Arrays.stream(ServiceConfig.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        Set<String> expected = new LinkedHashSet<>(settings());
        expected.removeAll(CODE_ONLY);

        assertThat(elements).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ServiceConfig(inboundQueueCapacity = 3, writeTimeout = 7.5, writeBufferSize = 2048)
    static final class AnnotatedWithTheLaterSettings {
    }

    @Test
    void theAnnotationsLaterSettingsReachTheConfiguration() {
        WsServiceConfig config = WsServiceConfig.from(
                AnnotatedWithTheLaterSettings.class.getAnnotation(ServiceConfig.class));

        assertThat(config.inboundQueueCapacity()).isEqualTo(3);
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofMillis(7500));
        assertThat(config.writeBufferSize()).isEqualTo(2048);
    }

    @Test
    void theAnnotationsDefaultsAreTheConfigurationsDefaults() {
        @ServiceConfig
        final class Plain {
        }

        assertThat(WsServiceConfig.from(Plain.class.getAnnotation(ServiceConfig.class)))
                .isEqualTo(WsServiceConfig.DEFAULT);
    }

    @Test
    void theGuidesSettingsTableNamesEverySetting() throws IOException {
        String guide = Files.readString(GUIDE);
        // The service settings' table, under "## Service settings" (the listener's has the same columns).
        String section = guide.substring(guide.indexOf("## Service settings"));
        String table = section.substring(section.indexOf("| setting | default | meaning |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Set<String> named = new LinkedHashSet<>();
        for (String row : table.lines().toList()) {
            String firstCell = row.split("\\|")[1];
            Matcher names = Pattern.compile("`(\\w+)`").matcher(firstCell);
            while (names.find()) {
                named.add(names.group(1));
            }
        }

        assertThat(named).containsAll(settings());
    }
}
