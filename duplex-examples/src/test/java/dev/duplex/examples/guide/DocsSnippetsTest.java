package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the guides in docs/ true (issue 8: snippets compiled by the build, so they cannot rot):
 * <ul>
 *   <li>every code block marked {@code <!-- snippet: File.java#tag -->} must equal the region between
 *       {@code // tag::tag[]} and {@code // end::tag[]} of that file in this package, which the build compiles;</li>
 *   <li>every {@code ```java} block must carry such a marker;</li>
 *   <li>no other block may hold Java: shell commands are tagged {@code ```sh}, output {@code ```text}, and neither
 *       may look like Java, so Java cannot slip in untagged.</li>
 * </ul>
 */
class DocsSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([A-Za-z]+\\.java)#([a-z0-9-]+) -->");
    /** An opening or closing fence: three or more backticks, then the language, if any (CommonMark's info string). */
    private static final Pattern FENCE = Pattern.compile("\\s*(`{3,})\\s*([^`\\s]*).*");
    private static final List<Pattern> JAVA_SIGNS = List.of(
            Pattern.compile("\\.builder\\("),
            Pattern.compile("(?m)^\\s*(?:(?:public|protected|private|static|final|abstract|sealed)\\s+)*"
                    + "(?:class|record|interface|enum)\\s+[A-Z]\\w*"),
            Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?[\\w.]+(?:\\.\\*)?;"),
            Pattern.compile("(?m)^\\s*@[A-Z]\\w*"),
            Pattern.compile("(?m)\\w\\.\\w+\\(.*\\)\\s*;\\s*(?://.*)?$"));
    private static final Path GUIDE_SOURCES = Path.of("src/main/java/dev/duplex/examples/guide");
    private static final Path DOCS = Path.of("../docs");

    /**
     * A fenced code block of a page, found at {@code line} (1-based, its opening fence). {@code snippetFile} and
     * {@code snippetTag} come from the marker on the line before the fence; both are {@code null} when there is none.
     */
    record CodeBlock(Path page, int line, String language, String snippetFile, String snippetTag, String body) {
        String where() {
            return page.getFileName() + ":" + line;
        }

        boolean isSnippet() {
            return snippetFile != null;
        }
    }

    @Test
    void everySnippetInTheGuidesMatchesCompiledCode() throws IOException {
        List<String> checked = new ArrayList<>();
        for (CodeBlock block : codeBlocksOfTheGuides()) {
            if (!block.isSnippet()) {
                continue;
            }
            String file = block.snippetFile();
            String tag = block.snippetTag();
            assertThat(block.language()).as("%s: the block of snippet %s#%s", block.where(), file, tag)
                    .isEqualTo("java");
            assertThat(block.body()).as("%s: snippet %s#%s", block.where(), file, tag)
                    .isEqualTo(region(GUIDE_SOURCES.resolve(file), tag));
            checked.add(block.where());
        }
        assertThat(checked).as("snippets found in docs/").hasSizeGreaterThan(30);
    }

    @Test
    void everySnippetMarkerStandsRightAboveACodeBlock() throws IOException {
        for (Path page : guidePages()) {
            long markers = MARKER.matcher(Files.readString(page)).results().count();
            long markedBlocks = codeBlocks(page).stream().filter(CodeBlock::isSnippet).count();
            assertThat(markedBlocks).as("%s: snippet markers directly followed by a code block", page.getFileName())
                    .isEqualTo(markers);
        }
    }

    @Test
    void everyJavaBlockInTheGuidesIsASnippetOfCompiledCode() throws IOException {
        List<String> unchecked = codeBlocksOfTheGuides().stream()
                .filter(block -> block.language().equals("java") && !block.isSnippet())
                .map(CodeBlock::where).toList();
        assertThat(unchecked)
                .as("```java blocks without <!-- snippet: File.java#tag --> above them: move the code into a guide"
                        + " class in %s between // tag::tag[] and // end::tag[] and add the marker", GUIDE_SOURCES)
                .isEmpty();
    }

    @Test
    void noOtherBlockInTheGuidesHoldsJava() throws IOException {
        List<String> hidden = codeBlocksOfTheGuides().stream()
                .filter(block -> !block.language().equals("java") && looksLikeJava(block.body()))
                .map(block -> block.where() + " (```" + block.language() + ")").toList();
        assertThat(hidden)
                .as("blocks that hold Java but are not ```java snippets: tag them ```java and add a snippet marker")
                .isEmpty();
    }

    @Test
    void theJavaDetectorTellsJavaFromCommandsAndOutput() {
        assertThat(looksLikeJava("var config = WsServiceConfig.builder()\n        .maxFrameSize(1024)")).isTrue();
        assertThat(looksLikeJava("listener.attach(\"/ws\", request -> new EchoService());")).isTrue();
        assertThat(looksLikeJava("public static class EchoService implements Service {\n}")).isTrue();
        assertThat(looksLikeJava("@ServiceConfig(idleTimeout = 30)\nfinal class Chat {}")).isTrue();
        assertThat(looksLikeJava("mvn -B -pl duplex-websocket test -Dtest='*ConformanceTest*'")).isFalse();
        assertThat(looksLikeJava("$ printf 'hello\\n' | bin/duplex connect ws://localhost:9090/ws\n< hello"))
                .isFalse();
        assertThat(looksLikeJava("alice:$pbkdf2-sha256$i=600000$3bO2yT0Yw1p0Hn7mJ0Qj3Q$0t9bq1...:write,update"))
                .isFalse();
        assertThat(looksLikeJava("{\"type\":\"joined\",\"room\":\"lobby\",\"members\":1}")).isFalse();
    }

    static boolean looksLikeJava(String text) {
        return JAVA_SIGNS.stream().anyMatch(sign -> sign.matcher(text).find())
                || (Pattern.compile("\\bnew [A-Za-z]").matcher(text).find() && text.contains(";"));
    }

    /** The guides in docs/ and the README, whose 30-second example must compile too. */
    private static List<Path> guidePages() throws IOException {
        try (Stream<Path> files = Files.walk(DOCS)) {
            List<Path> pages = new ArrayList<>(files.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            pages.add(Path.of("../README.md"));
            return pages;
        }
    }

    private static List<CodeBlock> codeBlocksOfTheGuides() throws IOException {
        List<CodeBlock> blocks = new ArrayList<>();
        for (Path page : guidePages()) {
            blocks.addAll(codeBlocks(page));
        }
        assertThat(blocks).as("code blocks in %s", DOCS).isNotEmpty();
        return blocks;
    }

    /** The fenced code blocks of {@code page}, each with the marker on the line before its opening fence, if any. */
    static List<CodeBlock> codeBlocks(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<CodeBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            int start = i;
            String fence = open.group(1);
            String language = open.group(2).toLowerCase(Locale.ROOT);
            Matcher marker = MARKER.matcher(start > 0 ? lines.get(start - 1).strip() : "");
            boolean marked = marker.matches();
            i++;
            while (i < lines.size() && !isClosingFence(lines.get(i), fence)) {
                i++;
            }
            assertThat(i).as("%s:%d: code block is never closed", page.getFileName(), start + 1)
                    .isLessThan(lines.size());
            blocks.add(new CodeBlock(page, start + 1, language, marked ? marker.group(1) : null,
                    marked ? marker.group(2) : null, String.join("\n", lines.subList(start + 1, i))));
            i++;
        }
        return blocks;
    }

    private static boolean isClosingFence(String line, String fence) {
        String stripped = line.strip();
        return stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == '`');
    }

    static String region(Path source, String tag) throws IOException {
        String text = Files.readString(source);
        Matcher matcher = Pattern.compile("[ \\t]*// tag::" + Pattern.quote(tag) + "\\[\\]\\n(.*?)[ \\t]*// end::"
                + Pattern.quote(tag) + "\\[\\]", Pattern.DOTALL).matcher(text);
        assertThat(matcher.find()).as("region %s in %s", tag, source).isTrue();
        List<String> lines = List.of(matcher.group(1).stripTrailing().split("\n"));
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .toList());
    }
}
