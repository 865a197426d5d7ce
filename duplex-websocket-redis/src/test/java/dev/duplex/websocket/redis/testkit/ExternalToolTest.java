package dev.duplex.websocket.redis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a machine without the servers, the tests that need them skip with a reason naming the install step. */
class ExternalToolTest {
    @TempDir
    Path emptyDirectory;

    @Test
    void aMissingRedisServerIsReportedWithTheInstallStepAndTheDebianPackage() {
        assertThat(ExternalTool.REDIS_SERVER.absence(List.of(emptyDirectory))).hasValueSatisfying(reason ->
                assertThat(reason).contains("redis-server is not installed").contains(".ci/install-test-tools")
                        .contains("Debian's redis-server package"));
    }

    @Test
    void aMissingHaproxyIsReportedWithTheInstallStep() {
        assertThat(ExternalTool.HAPROXY.absence(List.of(emptyDirectory))).hasValueSatisfying(reason ->
                assertThat(reason).contains("haproxy is not installed").contains(".ci/install-test-tools"));
    }
}
