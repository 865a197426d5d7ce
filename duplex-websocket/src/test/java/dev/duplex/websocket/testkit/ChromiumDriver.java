package dev.duplex.websocket.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives a headless Chromium through the DevTools protocol (over the JDK's WebSocket client): opens a blank page and
 * evaluates JavaScript in it, waiting for a promise's value. Enough to have a real browser open a WebSocket to a
 * listener under test.
 *
 * <pre>{@code
 * try (var browser = ChromiumDriver.launch(List.of(), dir)) {
 *     String value = browser.evaluate("new Promise(r => r('hi'))", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Thread safety: {@link #evaluate} may be called from one thread at a time.
 */
public final class ChromiumDriver implements AutoCloseable {
    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final WebSocket devtools;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;

    private ChromiumDriver(Process process, WebSocket devtools) {
        this.process = process;
        this.devtools = devtools;
    }

    /** The Chromium binary on this machine, if any. */
    public static Optional<Path> binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts headless Chromium with {@code flags} and a fresh profile in {@code userDataDir}, and opens a blank page.
     */
    public static ChromiumDriver launch(List<String> flags, Path userDataDir) throws IOException {
        Path chromium = binary().orElseThrow(() -> new IOException("no chromium on PATH"));
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                "--user-data-dir=" + userDataDir));
        command.addAll(flags);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread stderr = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = DEVTOOLS_URL.matcher(line);
                    if (matcher.find()) {
                        url.complete(matcher.group(1));
                    }
                }
                url.completeExceptionally(new IOException("chromium exited without a DevTools URL"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "chromium-stderr");
        stderr.setDaemon(true);
        stderr.start();
        try {
            String devtoolsUrl = url.get(30, TimeUnit.SECONDS);
            ChromiumDriver[] self = new ChromiumDriver[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(devtoolsUrl), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                self[0].onMessage(text.toString());
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ChromiumDriver driver = new ChromiumDriver(process, socket);
            self[0] = driver;
            driver.openBlankPage();
            return driver;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("cannot drive chromium: " + e, e);
        }
    }

    private void onMessage(String message) {
        JsonNode node = JSON.readTree(message);
        if (node.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
            if (answer != null) {
                answer.complete(node);
            }
        }
    }

    private JsonNode call(String method, ObjectNode params, String session, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params);
        if (session != null) {
            request.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        devtools.sendText(JSON.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.has("error")) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    private void openBlankPage() throws Exception {
        String targetId = call("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), null,
                Duration.ofSeconds(10)).get("targetId").asString();
        sessionId = call("Target.attachToTarget", JSON.createObjectNode().put("targetId", targetId)
                .put("flatten", true), null, Duration.ofSeconds(10)).get("sessionId").asString();
    }

    /** Evaluates {@code expression} in the page, awaiting it when it is a promise, and returns its value as text. */
    public String evaluate(String expression, Duration timeout) throws Exception {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("awaitPromise", true).put("returnByValue", true), sessionId, timeout.plusSeconds(5));
        if (result.has("exceptionDetails")) {
            throw new IOException("the page threw: " + result.get("exceptionDetails"));
        }
        return result.get("result").get("value").asString();
    }

    @Override
    public void close() {
        try {
            devtools.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is killed next anyway
        }
        // Chromium's helper processes can outlive the browser for a moment and still write to the profile folder,
        // which then cannot be deleted: they are ended and waited for too.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                helper.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException stillRunning) {
            // Nothing more to wait for; the folder's deletion reports what is left.
        }
    }
}
