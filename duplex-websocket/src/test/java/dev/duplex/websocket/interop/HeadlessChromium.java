package dev.duplex.websocket.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A headless Chromium the tests start, driven over the Chrome DevTools Protocol with the JDK's own WebSocket client:
 * Chromium picks a free debugging port ({@code --remote-debugging-port=0}) and writes it to
 * {@code DevToolsActivePort} in its fresh profile directory; {@link #newPage()} opens an {@code about:blank} tab and
 * {@link Page#evaluate} runs a script there, awaits its promise and returns its value.
 *
 * <p>Every wait is bounded. {@link #close()} ends the browser process this object started (and any of its children
 * still running), by their process handles, and deletes the profile.
 *
 * <p>Thread safety: one test thread drives it; the DevTools replies arrive on the JDK client's thread and are handed
 * over through futures.
 */
final class HeadlessChromium implements AutoCloseable {
    /** Names the browser goes by on Debian and elsewhere, looked up on the {@code PATH}. */
    private static final List<String> EXECUTABLE_NAMES = List.of("chromium", "chromium-browser");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path profile;
    private final DevTools devTools;

    private HeadlessChromium(Process process, Path profile, DevTools devTools) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
    }

    /** The Chromium executable on the {@code PATH}, if one is installed. */
    static Optional<Path> find() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .flatMap(directory -> EXECUTABLE_NAMES.stream().map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code executable} headless with a new profile and connects to its DevTools endpoint. */
    static HeadlessChromium launch(Path executable) throws IOException {
        Path profile = Files.createTempDirectory("duplex-chromium-");
        // The flags keep a machine without a network quiet: no background fetches, no updates, no sync, no QUIC.
        List<String> command = List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            URI endpoint = awaitDevToolsEndpoint(process, profile);
            return new HeadlessChromium(process, profile, DevTools.connect(endpoint));
        } catch (IOException | RuntimeException e) {
            stop(process);
            deleteRecursively(profile);
            throw e;
        }
    }

    /** Waits for Chromium to write {@code DevToolsActivePort}: the port, then the browser target's path. */
    private static URI awaitDevToolsEndpoint(Process process, Path profile) throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue()
                        + " before opening its DevTools port; its output:\n" + log(profile));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && lines.get(1).startsWith("/devtools/browser/")) {
                    return URI.create("ws://127.0.0.1:" + Integer.parseInt(lines.get(0).trim()) + lines.get(1));
                }
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // returns early if the browser dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Chromium to start", e);
            }
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within " + START_TIMEOUT
                + "; its output:\n" + log(profile));
    }

    private static String log(Path profile) {
        try {
            return Files.readString(profile.resolve("chromium.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Opens a new {@code about:blank} tab. */
    Page newPage() {
        String targetId = (String) devTools.call("Target.createTarget", "{\"url\":\"about:blank\"}", null)
                .get("targetId");
        String sessionId = (String) devTools.call("Target.attachToTarget",
                "{\"targetId\":" + Json.quote(targetId) + ",\"flatten\":true}", null).get("sessionId");
        return new Page(sessionId);
    }

    /** A tab, reached through its DevTools session. */
    final class Page {
        private final String sessionId;

        private Page(String sessionId) {
            this.sessionId = sessionId;
        }

        /**
         * Evaluates {@code expression} in the page; when it yields a promise, waits for it to settle.
         *
         * @return the value, as {@link Json} reads it (a script's object arrives as a map)
         * @throws IllegalStateException with the page's exception when the script threw or its promise rejected
         */
        Object evaluate(String expression) {
            Map<String, Object> reply = devTools.call("Runtime.evaluate", "{\"expression\":" + Json.quote(expression)
                    + ",\"awaitPromise\":true,\"returnByValue\":true}", sessionId);
            if (reply.get("exceptionDetails") instanceof Map<?, ?> details) {
                Object exception = details.get("exception") instanceof Map<?, ?> thrown
                        ? thrown.get("description") : details.get("text");
                throw new IllegalStateException("the script failed in Chromium: " + exception);
            }
            return ((Map<?, ?>) reply.get("result")).get("value");
        }
    }

    /** Ends the browser and its children, and deletes the profile. */
    @Override
    public void close() {
        devTools.close();
        stop(process);
        deleteRecursively(profile);
    }

    /**
     * SIGTERM to the browser, which then ends its own children; SIGKILL to the browser if it is still running after
     * {@link #STOP_TIMEOUT}, and to any child still running once the browser is gone.
     */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a profile left in the temp directory harms nothing
        }
    }

    /**
     * One DevTools WebSocket connection: commands carry an id, and the reply with that id completes its future.
     * Events (messages without an id) are not needed here and are dropped.
     *
     * <p>Thread safety: {@link #call} is called by the test thread; the listener methods by the JDK client, one at
     * a time; {@code pending} is the hand-over between them.
     */
    private static final class DevTools implements WebSocket.Listener {
        private final AtomicLong nextId = new AtomicLong(1);
        private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
        /** Parts of the reply being received; listener calls only. */
        private final StringBuilder parts = new StringBuilder();
        private WebSocket webSocket;

        static DevTools connect(URI endpoint) throws IOException {
            var devTools = new DevTools();
            try {
                devTools.webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .connectTimeout(CALL_TIMEOUT)
                        .buildAsync(endpoint, devTools)
                        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("cannot connect to Chromium's DevTools at " + endpoint, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + endpoint, e);
            }
            return devTools;
        }

        /** Sends a command and waits for its result; {@code sessionId} is {@code null} for the browser itself. */
        Map<String, Object> call(String method, String paramsJson, String sessionId) {
            long id = nextId.getAndIncrement();
            var reply = new CompletableFuture<Map<String, Object>>();
            pending.put(id, reply);
            String command = "{\"id\":" + id + ",\"method\":" + Json.quote(method) + ",\"params\":" + paramsJson
                    + (sessionId == null ? "" : ",\"sessionId\":" + Json.quote(sessionId)) + "}";
            try {
                webSocket.sendText(command, true).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<String, Object> message = reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (message.get("error") != null) {
                    throw new IllegalStateException("DevTools " + method + " failed: " + message.get("error"));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) message.get("result");
                return result;
            } catch (TimeoutException e) {
                throw new IllegalStateException("no reply from Chromium to " + method + " within " + CALL_TIMEOUT, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("DevTools " + method + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + method, e);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String text = parts.toString();
                parts.setLength(0);
                @SuppressWarnings("unchecked")
                Map<String, Object> message = (Map<String, Object>) Json.parse(text);
                if (message.get("id") instanceof Long id) {
                    CompletableFuture<Map<String, Object>> reply = pending.get(id);
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failPending(new IllegalStateException("Chromium closed DevTools: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failPending(error);
        }

        private void failPending(Throwable cause) {
            new ArrayList<>(pending.values()).forEach(reply -> reply.completeExceptionally(cause));
        }

        void close() {
            webSocket.abort();
        }
    }
}
