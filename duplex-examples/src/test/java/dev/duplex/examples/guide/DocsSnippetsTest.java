package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the guides in docs/ true: every code block marked {@code <!-- snippet: File.java#tag -->} must equal the region
 * between {@code // tag::tag[]} and {@code // end::tag[]} of that file in this package, which the build compiles.
 */
class DocsSnippetsTest {
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: ([A-Za-z]+\\.java)#([a-z0-9-]+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Path GUIDE_SOURCES = Path.of("src/main/java/dev/duplex/examples/guide");
    private static final Path DOCS = Path.of("../docs");

    @Test
    void everySnippetInTheGuidesMatchesCompiledCode() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher matcher = SNIPPET.matcher(Files.readString(page));
                while (matcher.find()) {
                    String expected = region(GUIDE_SOURCES.resolve(matcher.group(1)), matcher.group(2));
                    assertThat(matcher.group(3))
                            .as("%s: snippet %s#%s", page.getFileName(), matcher.group(1), matcher.group(2))
                            .isEqualTo(expected);
                    checked.add(page.getFileName() + ":" + matcher.group(2));
                }
            }
        }
        assertThat(checked).as("snippets found in docs/").hasSizeGreaterThan(10);
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
