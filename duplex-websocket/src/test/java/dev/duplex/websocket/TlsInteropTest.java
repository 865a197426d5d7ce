package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.ChromiumDriver;
import dev.duplex.websocket.testkit.OptionalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real peers over wss: Node's {@code ws} package trusting the test CA, and headless Chromium told to accept the test
 * certificate by its public key. Each is skipped, with a message naming {@code .ci/install-test-tools}, when its peer
 * (node with its {@code ws} package in {@code .tools/node-ws}, or chromium) is not installed.
 */
class TlsInteropTest extends TlsTestSupport {
    private static final String NODE_CLIENT = """
            const WebSocket = require('ws');
            const fs = require('fs');
            const [url, caFile] = process.argv.slice(2);
            const ws = new WebSocket(url, { ca: fs.readFileSync(caFile) });
            const timer = setTimeout(() => { console.log('timeout'); process.exit(3); }, 10000);
            ws.on('open', () => ws.send('hello from node'));
            ws.on('message', (data) => { console.log('reply:' + data); ws.close(1000); });
            ws.on('close', (code) => { console.log('closed:' + code); clearTimeout(timer); });
            ws.on('error', (e) => { console.log('error:' + e.message); process.exit(2); });
            """;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    @Timeout(60)
    void nodeWsEchoesOverWssTrustingTheTestCa(TlsEngine engine) throws Exception {
        OptionalTool.NODE_WS.assumeInstalled();
        use(engine);
        Listener listener = listen(serverPem());
        Path script = Files.writeString(dir.resolve("client.js"), NODE_CLIENT);
        Path ca = Path.of(CA.trusted(dir).certFile());
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(),
                "wss://localhost:" + listener.getPort() + "/echo", ca.toString()).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", OptionalTool.nodeWsModules().toString());
        Process node = builder.start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("reply:hello from node").contains("closed:1000");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsEngine.class)
    @Timeout(90)
    void chromiumEchoesOverWssAcceptingTheTestCertificateByItsPublicKey(TlsEngine engine) throws Exception {
        OptionalTool.CHROMIUM.assumeInstalled();
        use(engine);
        // The page is about:blank, whose Origin is "null": admitted explicitly, as the origin policy requires.
        Listener listener = listen(serverPem(), request -> new TlsTestSupport.Echo(),
                WsServiceConfig.builder().allowedOrigins("null").build());
        String page = """
                new Promise((resolve) => {
                  const ws = new WebSocket('wss://localhost:%d/echo');
                  ws.onopen = () => ws.send('hello from chromium');
                  ws.onmessage = (event) => { ws.close(1000); resolve('reply:' + event.data); };
                  ws.onerror = () => resolve('error');
                  setTimeout(() => resolve('timeout'), 15000);
                })""".formatted(listener.getPort());
        try (ChromiumDriver browser = ChromiumDriver.launch(
                List.of("--ignore-certificate-errors-spki-list=" + SERVER.spkiSha256()),
                Files.createDirectories(dir.resolve("chromium-profile")))) {
            assertThat(browser.evaluate(page, Duration.ofSeconds(20))).isEqualTo("reply:hello from chromium");
        }
    }

}
