package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.RequestLimits;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.protocol.PerMessageDeflate;
import dev.duplex.websocket.internal.protocol.ProtocolViolation;
import dev.duplex.websocket.testkit.SocketReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the server's HTTP phase with the bytes a client sends: Netty's request decoder as the listener configures
 * it, then {@link HttpUpgradeHandler} (limits, routing through {@link RouteTable} and {@link PathTemplate}, the
 * handshake rules, {@link OriginPolicy}, permessage-deflate negotiation, the {@link DefaultUpgradeRequest} the
 * upgrade service reads) and, after a 101, the WebSocket pipeline that {@link WebSocketUpgrade} installs, with an
 * echo service on the event loop. The channel is an {@link EmbeddedChannel}, so everything runs on the calling
 * thread; the HTTP handlers are those of {@code ListenerRuntime.initHttpPhase} (keep the two alike).
 *
 * <p>Whatever the bytes: no exception leaves the pipeline and none reaches the service as a failure of its own;
 * every answer is one of the documented statuses and never a 500 (the upgrade service only reads the request, so a
 * 500 means reading it failed); an open connection has answered every complete request, a closed one at least one;
 * a permessage-deflate answer is one the client accepts; and once the channel closes, no buffer is left.
 *
 * <p>Input layout (see docs/fuzzing.md): byte 0 the read size (0: one read), then the bytes from the client. The
 * services: {@code /chat/{room}} (sub-protocols {@code chat}, {@code superchat}; compression; origin
 * {@code https://app.example}; frames up to 256 bytes, messages up to 1024) and {@code /refuse} (403 with a header).
 */
class UpgradeRequestFuzzTest {
    private static final int LAYOUT_HEADER = 1;
    /** The statuses the HTTP phase documents (HttpUpgradeHandler, UpgradeService, the refusal of /refuse). */
    private static final List<Integer> DOCUMENTED_STATUSES = List.of(101, 400, 403, 404, 405, 413, 414, 426, 431,
            503);

    @FuzzTest
    void anyRequestBytesGetADocumentedAnswerOrAWebSocketAndLeakNothing(byte[] input) {
        if (input.length < LAYOUT_HEADER) {
            return;
        }
        int readSize = input[0] & 0xFF;
        var allocator = new UnpooledByteBufAllocator(false, true);
        List<Throwable> serviceErrors = new ArrayList<>();
        var listener = new ListenerRuntime(0, ListenerConfiguration.builder()
                .requestLimits(new RequestLimits(256, 1024, 512)).build());
        WsServiceConfig chat = WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP)
                .subProtocols("chat", "superchat").allowedOrigins("https://app.example")
                .maxFrameSize(256).maxMessageSize(1024).build();
        listener.routes().add(new RouteTable.Route(PathTemplate.parse("/chat/{room}"),
                new ReadingUpgradeService(serviceErrors), chat, List.of()));
        listener.routes().add(new RouteTable.Route(PathTemplate.parse("/refuse"), request -> {
            throw new UpgradeException(403, "refused").withHeader("X-Refused-By", "fuzz");
        }, WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP).build(), List.of()));

        var channel = new LoopbackChannel();
        channel.config().setAllocator(allocator);
        var exchange = new HttpExchangeRecorder();
        var pipeline = channel.pipeline();
        // As ListenerRuntime.initHttpPhase, without TLS, the idle handler and the request-head deadline.
        var decoder = new UpgradeAwareRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(listener.config().requestLimits().maxUriLength() + 64)
                .setMaxHeaderSize(listener.config().requestLimits().maxHeaderSize())
                .setMaxChunkSize(8192));
        pipeline.addLast(WebSocketUpgrade.HTTP_DECODER, decoder);
        pipeline.addLast(WebSocketUpgrade.HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addLast("exchange-recorder", exchange);
        var accepted = new AcceptedChannel(listener, channel);
        accepted.reservePending();
        pipeline.addLast(WebSocketUpgrade.HTTP_HANDLER, new HttpUpgradeHandler(listener, false, decoder, null,
                accepted));

        List<ByteBuf> passedIn = new ArrayList<>();
        for (byte[] piece : SocketReads.cut(input, LAYOUT_HEADER, readSize)) {
            if (!channel.isOpen()) {
                break;
            }
            ByteBuf read = allocator.heapBuffer(piece.length).writeBytes(piece);
            passedIn.add(read);
            channel.writeInbound(read);
            channel.checkException();
        }
        if (!exchange.upgraded()) {
            if (channel.isOpen()) {
                assertThat(exchange.statuses).as("answers to the complete requests")
                        .hasSize(exchange.completeRequests);
            } else if (exchange.requests > 0) {
                assertThat(exchange.statuses).as("answers before closing").isNotEmpty();
            }
        }
        // Closing may answer once more: a request cut off by the close gets its 400.
        channel.finishAndReleaseAll();
        channel.checkException();

        assertThat(exchange.statuses).as("answer statuses").allMatch(DOCUMENTED_STATUSES::contains);
        for (String agreed : exchange.extensionAnswers) {
            PerMessageDeflate.confirm(List.of(agreed), PerMessageDeflate.Preferences.DEFAULT);
        }
        assertThat(serviceErrors).as("failures reported to the service").allSatisfy(error ->
                assertThat(error.getCause()).as("cause of " + error)
                        .satisfiesAnyOf(cause -> assertThat(cause).isNull(),
                                cause -> assertThat(cause).isInstanceOf(ProtocolViolation.class)));
        for (ByteBuf read : passedIn) {
            assertThat(read.refCnt()).as("references left on a read buffer").isZero();
        }
        assertThat(allocator.metric().usedHeapMemory()).as("heap bytes left allocated").isZero();
        assertThat(allocator.metric().usedDirectMemory()).as("direct bytes left allocated").isZero();
    }

    /** Counts the requests the decoder produced and records the answers the upgrade handler wrote. */
    private static final class HttpExchangeRecorder extends ChannelDuplexHandler {
        int requests;
        int completeRequests;
        final List<Integer> statuses = new ArrayList<>();
        final List<String> extensionAnswers = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                requests++;
            }
            if (msg instanceof LastHttpContent) {
                completeRequests++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                statuses.add(response.status().code());
                String extensions = response.headers().get("sec-websocket-extensions");
                if (extensions != null) {
                    extensionAnswers.add(extensions);
                }
            }
            ctx.write(msg, promise);
        }

        boolean upgraded() {
            return statuses.contains(101);
        }
    }

    /** Reads every part of the request, as an application might, and accepts with an echo service. */
    private static final class ReadingUpgradeService implements UpgradeService {
        private final List<Throwable> errors;

        ReadingUpgradeService(List<Throwable> errors) {
            this.errors = errors;
        }

        @Override
        public Service onUpgrade(UpgradeRequest request) {
            request.path();
            request.uri();
            request.pathParam("room");
            request.pathParams().forEach((name, value) -> request.pathParam(name));
            request.queryParams().forEach((name, values) -> request.queryParam(name));
            request.headers().forEach((name, values) -> request.header(name));
            request.cookies().forEach((name, value) -> name.length());
            request.subProtocols().forEach(String::length);
            request.remoteAddress();
            request.principal();
            request.toString();
            request.addResponseHeader("X-Room", "fuzz");
            return new EchoService(errors);
        }
    }

    /** Echoes every message from the event loop and keeps the failures it is told of. */
    public static final class EchoService implements Service {
        private final List<Throwable> errors;

        EchoService(List<Throwable> errors) {
            this.errors = errors;
        }

        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }

        public void onError(Throwable error) {
            errors.add(error);
        }
    }

    /** An embedded channel with a loopback peer address, as an accepted socket has. */
    private static final class LoopbackChannel extends EmbeddedChannel {
        private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

        @Override
        protected SocketAddress remoteAddress0() {
            return PEER;
        }
    }
}
