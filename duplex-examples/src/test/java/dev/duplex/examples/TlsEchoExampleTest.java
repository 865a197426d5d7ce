package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsEchoExampleTest {
    @TempDir
    Path dir;

    @Test
    void theTlsClientGetsItsMessageBackFromTheTlsServerWithASelfSignedCertificate() throws Exception {
        var selfSigned = TlsEchoServer.selfSigned(dir);
        var listener = TlsEchoServer.start(0, selfSigned.keyMaterial());
        try {
            String reply = TlsEchoClient.run("wss://localhost:" + listener.getPort() + "/basic/ws",
                    selfSigned.certificate().toString());
            assertThat(reply).isEqualTo("Text message over TLS");
        } finally {
            listener.immediateStop();
        }
    }
}
