package dev.duplex.websocket.redis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test kit's HAProxy forwards to its backends: a real redis-server answers PING through it. */
class HaproxyProcessTest {
    @Test
    void aPingThroughHaproxyInTcpModeIsAnsweredByTheRedisBehindIt() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                HaproxyProcess haproxy = HaproxyProcess.start(HaproxyProcess.Mode.TCP, List.of(redis.port()));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), haproxy.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }
}
