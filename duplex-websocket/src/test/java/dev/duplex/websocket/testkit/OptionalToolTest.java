package dev.duplex.websocket.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh clone has none of the npm packages under {@code .tools/}: each optional tool then reports its absence with
 * the install step, which is what the tests that need it skip with.
 */
class OptionalToolTest {
    @TempDir
    Path freshClone;

    @Test
    void nodesWsPackageIsAbsentFromAFreshCloneAndTheReasonNamesTheInstallStep() {
        assertThat(OptionalTool.NODE_WS.absence(freshClone)).hasValueSatisfying(reason ->
                assertThat(reason).contains(".ci/install-test-tools"));
    }

    @Test
    void theAsyncApiSchemaIsAbsentFromAFreshCloneAndTheReasonNamesTheFileAndTheInstallStep() {
        assertThat(OptionalTool.ASYNCAPI_SCHEMA.absence(freshClone)).hasValueSatisfying(reason ->
                assertThat(reason).contains(freshClone.resolve(".tools/asyncapi").toString())
                        .contains(".ci/install-test-tools"));
    }

    @Test
    void nodesWsPackageCountsAsInstalledOnceItsPackageIsInTheToolsFolderAndNodeIsOnThePath() throws Exception {
        OptionalTool.NODE.assumeInstalled();
        Path ws = Files.createDirectories(OptionalTool.nodeWsModules(freshClone).resolve("ws"));
        Files.writeString(ws.resolve("package.json"), "{\"name\":\"ws\"}");

        assertThat(OptionalTool.NODE_WS.absence(freshClone)).isEmpty();
    }

    @Test
    void theRepositoryRootIsTheFolderHoldingTheInstallStep() {
        assertThat(OptionalTool.repositoryRoot().resolve(OptionalTool.INSTALL_STEP)).isRegularFile();
    }
}
