package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.testkit.EventRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the reference client gets wrong: control frames handled while the application is not reading, closing from
 * another thread, many threads at once, and a bounded inbound queue.
 */
@Timeout(30)
class ClientRobustnessTest {

    /**
     * Hands its Caller to the test; echoes text unless it starts with "quiet:"; "burst:N" sends 0..N-1 then four
     * "end"; records pongs and text.
     */
    public static class Server implements Service {
        private final BlockingQueue<Caller> callers;
        private final EventRecorder events;

        public Server(BlockingQueue<Caller> callers, EventRecorder events) {
            this.callers = callers;
            this.events = events;
        }

        public void onOpen(Caller caller) {
            callers.add(caller);
        }

        public String onTextMessage(Caller caller, String text) {
            if (text.startsWith("burst:")) {
                int count = Integer.parseInt(text.substring(6));
                for (int i = 0; i < count; i++) {
                    caller.writeTextMessage(String.valueOf(i));
                }
                for (int i = 0; i < 4; i++) {
                    caller.writeTextMessage("end");
                }
                return null;
            }
            events.record("text:" + text);
            return text.startsWith("quiet:") ? null : text;
        }

        public void onPong(Caller caller, byte[] data) {
            events.record("pong:" + new String(data, StandardCharsets.UTF_8));
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            events.record("close:" + statusCode + ":" + reason);
        }
    }

    private final BlockingQueue<Caller> callers = new LinkedBlockingQueue<>();
    private final EventRecorder events = new EventRecorder();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Listener listener;

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/ws", request -> new Server(callers, events));
        listener.start();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        listener.immediateStop();
    }

    private Client connect(ClientConfiguration config) {
        return new Client("ws://127.0.0.1:" + listener.getPort() + "/ws", config);
    }

    private Caller serverSide() throws InterruptedException {
        Caller caller = callers.poll(10, TimeUnit.SECONDS);
        assertThat(caller).as("the server side of the connection").isNotNull();
        return caller;
    }

    private static <T> T within(CompletableFuture<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    // ---- control frames while the application does not read ----

    @Test
    void pingsAreAnsweredWhileTheApplicationIsNotReading() throws Exception {
        try (Client client = connect(ClientConfiguration.DEFAULT)) {
            Caller server = serverSide();
            server.ping("one".getBytes(StandardCharsets.UTF_8));
            server.ping("two".getBytes(StandardCharsets.UTF_8));

            assertThat(events.next()).isEqualTo("pong:one");
            assertThat(events.next()).isEqualTo("pong:two");
        }
    }

    @Test
    void serverCloseIsEchoedAtOnceWhileTheApplicationIsNotReading() throws Exception {
        try (Client client = connect(ClientConfiguration.DEFAULT)) {
            Caller server = serverSide();
            server.writeTextMessage("unread");
            long start = System.nanoTime();

            server.close(1000, "bye", Duration.ofSeconds(5));

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the echo came without the client reading").isLessThan(Duration.ofSeconds(2));
            assertThat(client.readTextMessage()).as("messages before the close are kept").isEqualTo("unread");
            assertThatThrownBy(client::readTextMessage)
                    .isInstanceOfSatisfying(ConnectionClosureException.class, e -> {
                        assertThat(e.closeCode()).isEqualTo(1000);
                        assertThat(e.reason()).isEqualTo("bye");
                    });
        }
    }

    // ---- closing from another thread ----

    @Test
    void readBlockedInAnotherThreadReturnsPromptlyWhenTheClientCloses() throws Exception {
        Client client = connect(ClientConfiguration.DEFAULT);
        CompletableFuture<String> read = CompletableFuture.supplyAsync(client::readTextMessage, threads);
        await().atMost(Duration.ofSeconds(5)).until(() -> !callers.isEmpty());

        client.close();

        assertThatThrownBy(() -> within(read, Duration.ofSeconds(2)))
                .isInstanceOf(ConnectionClosureException.class);
    }

    @Test
    void readsAfterCloseFailFast() {
        Client client = connect(ClientConfiguration.DEFAULT);
        client.close();
        long start = System.nanoTime();

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(client::readMessage).isInstanceOf(ConnectionClosureException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void simultaneousCloseFromBothSidesCompletesCleanly() throws Exception {
        // RFC 6455 §7.1.3: both ends may send a close frame at once; each takes the other's as the answer.
        for (int round = 0; round < 10; round++) {
            Client client = connect(ClientConfiguration.DEFAULT);
            Caller server = serverSide();
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<String> serverClose = CompletableFuture.supplyAsync(
                    () -> closeOutcome(together, () -> server.close(1001, "server", Duration.ofSeconds(5))), threads);
            CompletableFuture<String> clientClose = CompletableFuture.supplyAsync(
                    () -> closeOutcome(together, () -> client.close(1000, "client", Duration.ofSeconds(5))), threads);

            assertThat(within(serverClose, Duration.ofSeconds(3))).as("server side, round " + round)
                    .isIn("closed", "already closed");
            assertThat(within(clientClose, Duration.ofSeconds(3))).as("client side, round " + round)
                    .isIn("closed", "already closed");
            assertThat(client.isOpen()).isFalse();
            events.drain();
        }
    }

    /** "closed", "already closed" (the other side's close came first), or what went wrong. */
    private static String closeOutcome(CyclicBarrier together, Runnable close) {
        try {
            together.await(5, TimeUnit.SECONDS);
            close.run();
            return "closed";
        } catch (ConnectionClosureException e) {
            return e.getMessage().contains("within") ? "timed out: " + e.getMessage() : "already closed";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    // ---- many threads at once ----

    @Test
    void severalReadersGetEveryMessageExactlyOnceInOrderPerReader() throws Exception {
        int messages = 2000;
        try (Client client = connect(ClientConfiguration.DEFAULT)) {
            List<CompletableFuture<List<Integer>>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(CompletableFuture.supplyAsync(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i <= messages; i++) {
                        String message = client.readTextMessage();
                        if (message.equals("end")) {
                            return got;
                        }
                        got.add(Integer.parseInt(message));
                    }
                    throw new AssertionError("no end marker");
                }, threads));
            }
            client.writeTextMessage("burst:" + messages);

            List<Integer> all = new ArrayList<>();
            for (CompletableFuture<List<Integer>> reader : readers) {
                List<Integer> got = within(reader, Duration.ofSeconds(20));
                assertThat(got).as("in arrival order for each reader").isSorted();
                all.addAll(got);
            }
            Collections.sort(all);
            assertThat(all).as("every message exactly once").hasSize(messages)
                    .isEqualTo(java.util.stream.IntStream.range(0, messages).boxed().toList());
        }
    }

    @Test
    void severalWritersNeverInterleaveTheirFragments() throws Exception {
        // Small frames: each message goes out as several fragments, which another message must never split.
        var config = ClientConfiguration.builder().maxFrameSize(64).webSocketCompressionEnabled(false).build();
        int writers = 4;
        int perWriter = 200;
        try (Client client = connect(config)) {
            List<CompletableFuture<Void>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writing.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        client.writeTextMessage("quiet:" + writer + ":" + i + ":" + "é".repeat(100 + i % 50));
                    }
                }, threads));
            }
            for (CompletableFuture<Void> w : writing) {
                within(w, Duration.ofSeconds(20));
            }

            var lastSeen = new ConcurrentHashMap<Integer, Integer>();
            for (int n = 0; n < writers * perWriter; n++) {
                String[] parts = events.next().substring("text:quiet:".length()).split(":", 3);
                int writer = Integer.parseInt(parts[0]);
                int index = Integer.parseInt(parts[1]);
                assertThat(index).as("writer " + writer + " in order").isEqualTo(lastSeen.getOrDefault(writer, -1) + 1);
                assertThat(parts[2]).isEqualTo("é".repeat(100 + index % 50));
                lastSeen.put(writer, index);
            }
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void readingAndWritingFromDifferentThreadsAtOnce() throws Exception {
        int messages = 1000;
        try (Client client = connect(ClientConfiguration.DEFAULT)) {
            CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
                List<String> got = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    got.add(client.readTextMessage());
                }
                return got;
            }, threads);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < messages; i++) {
                    client.writeTextMessage("m" + i);
                }
            }, threads);

            within(writer, Duration.ofSeconds(20));
            assertThat(within(reader, Duration.ofSeconds(20)))
                    .isEqualTo(java.util.stream.IntStream.range(0, messages).mapToObj(i -> "m" + i).toList());
        }
    }

    // ---- bounded inbound queue ----

    @Test
    void serverWritesWaitWhileTheApplicationDoesNotReadAndEverythingArrivesOnceItDoes() throws Exception {
        var config = ClientConfiguration.builder().inboundQueueCapacity(4).webSocketCompressionEnabled(false).build();
        int total = 400;
        String filler = "x".repeat(64 * 1024 - 8);
        try (Client client = connect(config)) {
            Caller server = serverSide();
            AtomicInteger sent = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread pusher = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        server.writeTextMessage(String.format("%07d:", i) + filler);
                        sent.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "pusher");
            pusher.setDaemon(true);
            pusher.start();

            int sentWhileBlocked = awaitStalled(pusher, sent);
            assertThat(sentWhileBlocked).as("the server's writes wait: 64 KiB messages taken before it blocked")
                    .isLessThan(300);

            for (int i = 0; i < total; i++) {
                String message = client.readTextMessage();
                assertThat(message).startsWith(String.format("%07d:", i)).hasSize(8 + filler.length());
            }
            pusher.join(5000);
            assertThat(failures).isEmpty();
            assertThat(sent.get()).isEqualTo(total);
        }
    }

    /** Waits until {@code writer} waits and {@code sent} stays the same over two polls 250 ms apart; returns it. */
    @Test
    void closeCompletesWhileTheInboundQueueIsFull() throws Exception {
        var config = ClientConfiguration.builder().inboundQueueCapacity(2).webSocketCompressionEnabled(false).build();
        Client client = connect(config);
        Caller server = serverSide();
        AtomicInteger sent = new AtomicInteger();
        Thread pusher = new Thread(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    server.writeTextMessage("y".repeat(64 * 1024));
                    sent.incrementAndGet();
                }
            } catch (ConnectionClosureException closed) {
                // The client closed: expected.
            }
        }, "pusher");
        pusher.setDaemon(true);
        pusher.start();
        awaitStalled(pusher, sent);
        long start = System.nanoTime();

        client.close(1000, "enough", Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the server's echo got through the unread messages").isLessThan(Duration.ofSeconds(3));
        assertThat(events.nextStartingWith("close:")).isEqualTo("close:1000:enough");
        pusher.join(5000);
    }

    private static int awaitStalled(Thread writer, AtomicInteger sent) {
        int[] previous = {-1};
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            int now = sent.get();
            boolean stalled = now == previous[0] && waiting(writer);
            previous[0] = now;
            return stalled;
        });
        return previous[0];
    }

    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
