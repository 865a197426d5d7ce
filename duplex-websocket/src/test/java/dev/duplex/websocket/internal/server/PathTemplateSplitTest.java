package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A request path is split into its non-empty segments: empty ones (doubled, leading, trailing slashes) drop out. */
class PathTemplateSplitTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = ';', value = {
        "'';''", "/;''", "//;''", "/echo;echo", "echo;echo", "/rooms/7;rooms,7", "//rooms//7//;rooms,7",
        "/a/b/c/d/e/f;a,b,c,d,e,f", "/a%2Fb/c;a%2Fb,c", "/a b/x;a b,x"})
    void splitsAPathIntoItsNonEmptySegments(String path, String expected) {
        List<String> segments = expected.isEmpty() ? List.of() : List.of(expected.split(","));

        assertThat(PathTemplate.split(path)).isEqualTo(segments);
    }
}
