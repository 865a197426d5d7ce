package dev.duplex.websocket.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.internal.protocol.HandshakeRules;
import dev.duplex.websocket.testkit.SocketReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the client's side of the opening handshake with the bytes a server answers: Netty's response decoder and
 * aggregator as {@link ClientConnector} sets them up, then {@link ClientHandshakeHandler} (status, {@code Upgrade},
 * {@code Connection}, {@code Sec-WebSocket-Accept}, the permessage-deflate answer, the sub-protocol) and, after a
 * 101, the client's WebSocket pipeline with its inbox. The channel is an {@link EmbeddedChannel}: everything runs on
 * the calling thread.
 *
 * <p>Whatever the bytes: no exception leaves the pipeline; the connection opens only on a well-formed 101 carrying
 * the accept value for this request's key; any other answer fails the handshake with an
 * {@link InvalidHandshakeException} carrying that answer (none when it was malformed), or a
 * {@link ConnectionException} caused by the HTTP codec; the handshake is settled once the channel closes; and then no buffer is left.
 *
 * <p>Input layout (see docs/fuzzing.md): byte 0 flags (bit 0 the client offers permessage-deflate, bit 1 it offers
 * the sub-protocol {@code chat}), byte 1 the read size (0: one read), then the bytes from the server, in which
 * {@value #ACCEPT_PLACEHOLDER} stands for the accept value of the key the client sent.
 */
class HandshakeResponseFuzzTest {
    private static final int LAYOUT_HEADER = 2;
    static final String ACCEPT_PLACEHOLDER = "{accept}";
    private static final Pattern KEY = Pattern.compile("(?i)sec-websocket-key: *([^\\r\\n]*)\\r\\n");

    @FuzzTest
    void anyResponseBytesOpenTheConnectionOnlyForAValid101AndOtherwiseFailTyped(byte[] input) throws Exception {
        if (input.length < LAYOUT_HEADER) {
            return;
        }
        boolean offersDeflate = (input[0] & 1) != 0;
        boolean offersSubProtocol = (input[0] & 2) != 0;
        int readSize = input[1] & 0xFF;
        var config = ClientConfiguration.builder().webSocketCompressionEnabled(offersDeflate)
                .subProtocols(offersSubProtocol ? List.of("chat") : List.of())
                .maxFrameSize(256).maxMessageSize(1024).build();
        var url = WebSocketUrl.parse("ws://127.0.0.1:9/chat?room=1");
        var allocator = new UnpooledByteBufAllocator(false, true);
        var session = new CompletableFuture<ClientSession>();
        var answers = new ResponseRecorder();

        var channel = new EmbeddedChannel(false, false);
        channel.config().setAllocator(allocator);
        // As ClientConnector, without TLS and the proxy.
        channel.pipeline().addLast(ClientHandshakeHandler.HTTP_CODEC, new HttpClientCodec());
        channel.pipeline().addLast(ClientHandshakeHandler.HTTP_AGGREGATOR, new HttpObjectAggregator(1 << 20));
        channel.pipeline().addLast("response-recorder", answers);
        channel.pipeline().addLast("handshake", new ClientHandshakeHandler(url, config, null, session,
                connection -> new ClientInbox(4, 64 * 1024, new IgnoredControlFrames())));
        channel.register();
        String accept = HandshakeRules.acceptFor(sentKey(channel));

        byte[] response = new String(input, StandardCharsets.ISO_8859_1).replace(ACCEPT_PLACEHOLDER, accept)
                .getBytes(StandardCharsets.ISO_8859_1);
        List<ByteBuf> passedIn = new ArrayList<>();
        for (byte[] piece : SocketReads.cut(response, LAYOUT_HEADER, readSize)) {
            if (!channel.isOpen()) {
                break;
            }
            ByteBuf read = allocator.heapBuffer(piece.length).writeBytes(piece);
            passedIn.add(read);
            channel.writeInbound(read);
            channel.checkException();
        }
        boolean opened = session.isDone() && !session.isCompletedExceptionally();
        if (opened) {
            assertThat(answers.responses).as("responses before the connection opened").hasSize(1);
            ResponseRecorder.Answer answer = answers.responses.get(0);
            assertThat(answer.status)
                    .as("status of the answer that opened the connection").isEqualTo(101);
            assertThat(answer.wellFormed).as("the answer that opened the connection is well-formed").isTrue();
            assertThat(answer.accept).isEqualTo(accept);
            assertThat(channel.pipeline().get(ClientHandshakeHandler.HTTP_CODEC)).isNull();
        }
        channel.finishAndReleaseAll();
        channel.checkException();

        assertThat(session).as("the handshake is settled once the channel closes").isDone();
        if (!opened) {
            Throwable failure = session.handle((open, error) -> error).join();
            failure = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
            if (failure instanceof InvalidHandshakeException refused) {
                assertThat(answers.responses).isNotEmpty();
                ResponseRecorder.Answer answer = answers.responses.get(0);
                if (answer.wellFormed) {
                    assertThat(refused.response().status()).isEqualTo(answer.status);
                } else {
                    assertThat(refused.response()).as("the response of a malformed answer").isNull();
                }
            } else {
                assertThat(failure).isInstanceOf(ConnectionException.class);
                assertThat(failure.getCause()).as("cause of " + failure)
                        .satisfiesAnyOf(cause -> assertThat(cause).isNull(),
                                cause -> assertThat(cause).isInstanceOf(CodecException.class));
            }
        }
        for (ByteBuf read : passedIn) {
            assertThat(read.refCnt()).as("references left on a read buffer").isZero();
        }
        assertThat(allocator.metric().usedHeapMemory()).as("heap bytes left allocated").isZero();
        assertThat(allocator.metric().usedDirectMemory()).as("direct bytes left allocated").isZero();
    }

    /** The {@code Sec-WebSocket-Key} of the upgrade request the client wrote. */
    private static String sentKey(EmbeddedChannel channel) {
        StringBuilder request = new StringBuilder();
        for (ByteBuf written; (written = channel.readOutbound()) != null; ) {
            request.append(written.toString(StandardCharsets.ISO_8859_1));
            written.release();
        }
        Matcher key = KEY.matcher(request);
        assertThat(key.find()).as("the upgrade request carries a key: " + request).isTrue();
        return key.group(1);
    }

    /** The aggregated responses that reached the handshake handler, as it saw them. */
    private static final class ResponseRecorder extends ChannelInboundHandlerAdapter {
        record Answer(int status, boolean wellFormed, String accept) {
        }

        final List<Answer> responses = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse response) {
                responses.add(new Answer(response.status().code(), response.decoderResult().isSuccess(),
                        response.headers().get("sec-websocket-accept")));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** The control-frame callbacks of a client without a ping-pong handler: pongs are automatic, pings ignored. */
    private static final class IgnoredControlFrames implements ClientInbox.ControlFrames {
        @Override
        public boolean answersPings() {
            return false;
        }

        @Override
        public void onPing(byte[] payload) {
        }

        @Override
        public void onPong(byte[] payload) {
        }
    }
}
