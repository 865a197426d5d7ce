package dev.duplex.websocket.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.WriteTimeoutException;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.testkit.RawWebSocket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames sent from threads other than the event loop travel in an {@link OutboundBatch}: they keep their order with
 * frames the event loop sends itself and with the close frame, and they count against the write buffer before they
 * reach the channel. Each test holds the event loop busy with a task of its own, so the batch fills up.
 */
class OutboundBatchTest {
    private static final int WRITE_BUFFER = 64 * 1024;

    private EventLoopGroup group;
    private Channel channel;
    private RawWebSocket peer;
    private final CountDownLatch loopHeld = new CountDownLatch(1);
    private final CountDownLatch releaseLoop = new CountDownLatch(1);

    @BeforeEach
    void connect() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        var accepted = new CompletableFuture<Channel>();
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER / 2, WRITE_BUFFER))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel child) {
                        accepted.complete(child);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        peer = RawWebSocket.open(((InetSocketAddress) server.localAddress()).getPort());
        channel = accepted.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws Exception {
        releaseLoop.countDown();
        peer.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private WebSocketConnection connection(Duration writeTimeout) {
        var settings = new ConnectionSettings(Duration.ofSeconds(5), writeTimeout, "writeTimeout", false);
        return new WebSocketConnection(channel, new FrameWriter(channel.alloc(), false, 1 << 20), settings, null,
                false);
    }

    /** Keeps the event loop busy until {@link #releaseLoop}, then runs {@code then} there. */
    private void holdEventLoop(Runnable then) throws InterruptedException {
        channel.eventLoop().execute(() -> {
            loopHeld.countDown();
            try {
                releaseLoop.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        });
        assertThat(loopHeld.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void framesSentFromAnotherThreadGoOutBeforeAPingTheEventLoopSendsAfterThem() throws Exception {
        var connection = connection(Duration.ofSeconds(10));
        holdEventLoop(() -> connection.sendPing("p".getBytes(StandardCharsets.UTF_8)));
        connection.sendText("a");
        connection.sendText("b");
        releaseLoop.countDown();

        assertThat(peer.readFrame().text()).isEqualTo("a");
        assertThat(peer.readFrame().text()).isEqualTo("b");
        assertThat(peer.readFrame().opcode()).isEqualTo(RawWebSocket.OP_PING);
    }

    @Test
    void aBinaryMessageGoesOutAsItWasWhenTheSendReturnedThoughTheSenderThenReusesItsArray() throws Exception {
        var connection = connection(Duration.ofSeconds(10));
        holdEventLoop(() -> { });
        byte[] data = "first".getBytes(StandardCharsets.UTF_8);
        connection.sendBinary(data);
        java.util.Arrays.fill(data, (byte) 'x');
        releaseLoop.countDown();

        assertThat(peer.readFrame().payload()).asString(StandardCharsets.UTF_8).isEqualTo("first");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {OutboundItem.ENCODED_ON_LOOP_MAX,
            OutboundItem.ENCODED_ON_LOOP_MAX + 1})
    void aLargeBinaryMessageGoesOutAsItWasOnEitherSideOfTheLoopEncodingLimit(int size) throws Exception {
        var connection = connection(Duration.ofSeconds(10));
        holdEventLoop(() -> { });
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) 'a');
        connection.sendBinary(data);
        java.util.Arrays.fill(data, (byte) 'x');
        releaseLoop.countDown();

        // The writer's maxFrameSize is 1 MiB: a larger message arrives in two frames.
        var received = new java.io.ByteArrayOutputStream();
        RawWebSocket.Frame frame;
        do {
            frame = peer.readFrame();
            received.write(frame.payload());
        } while (!frame.fin());
        assertThat(received.size()).isEqualTo(size);
        byte[] bytes = received.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 'a');
        assertThat(bytes[size - 1]).isEqualTo((byte) 'a');
    }

    @Test
    void aCompressedBinaryMessageGoesOutAsItWasWhenTheSendReturnedThoughTheSenderThenReusesItsArray()
            throws Exception {
        var writer = new FrameWriter(channel.alloc(), false, 1 << 20);
        writer.compressWith(new dev.duplex.websocket.internal.protocol.MessageDeflater(true, 15, 0));
        var connection = new WebSocketConnection(channel, writer,
                new ConnectionSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), "writeTimeout", false), null,
                false);
        holdEventLoop(() -> { });
        byte[] data = "first".getBytes(StandardCharsets.UTF_8);
        connection.sendBinary(data);
        java.util.Arrays.fill(data, (byte) 'x');
        releaseLoop.countDown();

        RawWebSocket.Frame frame = peer.readFrame();
        assertThat(frame.rsv()).as("RSV1: compressed").isEqualTo(4);
        var inflater = new java.util.zip.Inflater(true);
        byte[] compressed = java.util.Arrays.copyOf(frame.payload(), frame.payload().length + 4);
        System.arraycopy(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}, 0, compressed, frame.payload().length, 4);
        inflater.setInput(compressed);
        byte[] plain = new byte[64];
        int length = inflater.inflate(plain);
        assertThat(new String(plain, 0, length, StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void framesSentBeforeThePeersCloseFrameArrivedGoOutBeforeTheEcho() throws Exception {
        var connection = connection(Duration.ofSeconds(10));
        holdEventLoop(() -> connection.closeFrameReceived(1000, "bye"));
        connection.sendText("a");
        connection.sendText("b");
        releaseLoop.countDown();

        assertThat(peer.readFrame().text()).isEqualTo("a");
        assertThat(peer.readFrame().text()).isEqualTo("b");
        RawWebSocket.Frame close = peer.readFrame();
        assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(peer.awaitTcpClose(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aCloseSentFromAnotherThreadFollowsEveryFrameSentBeforeIt() throws Exception {
        var connection = connection(Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            connection.sendText("m" + i);
        }
        connection.closeAsync(1000, "done", Duration.ZERO);

        for (int i = 0; i < 100; i++) {
            assertThat(peer.readFrame().text()).isEqualTo("m" + i);
        }
        RawWebSocket.Frame close = peer.readFrame();
        assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(peer.awaitTcpClose(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void writersWaitWhileFramesNotYetHandedToTheChannelFillTheWriteBuffer() throws Exception {
        var connection = connection(Duration.ofSeconds(30));
        holdEventLoop(() -> { });
        var returned = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                byte[] message = new byte[16 * 1024];
                message[0] = (byte) i;
                connection.sendBinary(message);
                returned.incrementAndGet();
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.TIMED_WAITING);
        // Four frames of 16 KiB + 4 header bytes pass 64 KiB; the fifth waits for the event loop to take them.
        assertThat(returned.get()).isEqualTo(4);

        releaseLoop.countDown();
        for (int i = 0; i < 20; i++) {
            RawWebSocket.Frame frame = peer.readFrame();
            assertThat(frame.payload()).hasSize(16 * 1024);
            assertThat(frame.payload()[0]).isEqualTo((byte) i);
        }
        writer.join(10_000);
        assertThat(returned.get()).isEqualTo(20);
    }

    @Test
    void aWriterWaitingLongerThanWriteTimeoutForTheBatchToLeaveThrowsWriteTimeoutException() throws Exception {
        var connection = connection(Duration.ofMillis(200));
        holdEventLoop(() -> { });
        for (int i = 0; i < 4; i++) {
            connection.sendBinary(new byte[16 * 1024]);
        }
        assertThatThrownBy(() -> connection.sendBinary(new byte[16 * 1024]))
                .isInstanceOf(WriteTimeoutException.class)
                .hasMessageContaining("writeTimeout");
        releaseLoop.countDown();

        for (int i = 0; i < 4; i++) {
            assertThat(peer.readFrame().opcode()).isEqualTo(RawWebSocket.OP_BINARY);
        }
        RawWebSocket.Frame close = peer.readFrame();
        assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
        assertThat(close.closeCode()).isEqualTo(1008);
    }
}
