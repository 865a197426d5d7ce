package dev.duplex.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.OptionalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code websockets} (Debian's python3-websockets, a client nobody here wrote) talks to our listener and
 * negotiates permessage-deflate with it. Skipped, naming .ci/install-test-tools, when it is not installed.
 */
class PythonClientInteropTest {
    private static final String PYTHON = OptionalTool.SYSTEM_PYTHON;
    private static final Path SCRIPT = Path.of("src", "test", "resources", "interop", "deflate_client.py")
            .toAbsolutePath();

    /** Echoes text and binary. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    @Test
    void pythonsWebsocketsClientNegotiatesPermessageDeflateAndRoundTripsMessages() throws Exception {
        OptionalTool.PYTHON_WEBSOCKETS.assumeInstalled();
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(),
                WsServiceConfig.builder().maxFrameSize(1 << 20).maxMessageSize(8 << 20).build());
        listener.start();

        Process python = new ProcessBuilder(PYTHON, SCRIPT.toString(),
                "ws://127.0.0.1:" + listener.getPort() + "/echo").redirectErrorStream(true).start();
        boolean finished = python.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            python.destroyForcibly();
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).as("python finished: %s", output).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("EXTENSIONS permessage-deflate").contains("OK");
    }
}
