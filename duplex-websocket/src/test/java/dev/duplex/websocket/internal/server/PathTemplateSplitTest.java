package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/isOpen/abc;a=4;b=5/x|isOpen,abc,x", "/a;x=1|a", "/;x=1/b|b", "/a/;/b|a,b", "/caf%C3%A9;k=v|café",
        "/a%3Bb|a;b", "/rooms/7|rooms,7"})
    void decodesTheSegmentsOfARequestPathWithoutTheirMatrixParameters(String pathAndExpected) {
        String[] parts = pathAndExpected.split("\\|");
        List<String> segments = List.of(parts[1].split(","));

        assertThat(PathTemplate.decodedSegments(parts[0])).isEqualTo(segments);
    }
}
