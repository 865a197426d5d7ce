package dev.duplex.websocket.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.JacksonCodec;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.binding.SafeXml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** XML binding cannot be turned against the server: no DTDs, no external entities, no entity expansion. */
class SafeXmlTest {
    private static final String SECRET = "top-secret-" + System.nanoTime();

    @TempDir
    Path directory;

    /** Everything a failure tells: messages and stack traces of the whole cause chain. */
    private static String everythingIn(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private Path secretFile() throws Exception {
        Path file = directory.resolve("secret.txt");
        Files.writeString(file, SECRET, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void parsesAWellFormedDocumentWithNamespaces() throws Exception {
        Document document = SafeXml.parse("<o:order xmlns:o=\"urn:o\"><o:item>tea</o:item></o:order>");

        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("order");
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("urn:o");
    }

    @Test
    void refusesAnExternalEntityPointingAtALocalFileAndNeverShowsItsContent() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE order [<!ENTITY secret SYSTEM \""
                + secretFile().toUri() + "\">]><order>&secret;</order>";

        Throwable failure = catchThrowable(() -> SafeXml.parse(xxe));

        assertThat(failure).isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE");
        assertThat(everythingIn(failure)).doesNotContain(SECRET);
    }

    @Test
    void refusesAnExternalEntityWhenBindingAMessageAndNeverShowsItsContent() throws Exception {
        String xxe = "<!DOCTYPE order [<!ENTITY secret SYSTEM \"" + secretFile().toUri() + "\">]>"
                + "<order>&secret;</order>";
        MessageBinder binder = new MessageBinder(JacksonCodec.DEFAULT, true);

        Throwable failure = catchThrowable(() -> binder.fromText(xxe, Document.class));

        assertThat(failure).isInstanceOf(DataBindingException.class);
        assertThat(everythingIn(failure)).doesNotContain(SECRET);
        Throwable fromBinary = catchThrowable(() -> binder.fromBinary(xxe.getBytes(StandardCharsets.UTF_8),
                Document.class));
        assertThat(fromBinary).isInstanceOf(DataBindingException.class);
        assertThat(everythingIn(fromBinary)).doesNotContain(SECRET);
    }

    @Test
    void refusesAnExternalParameterEntity() throws Exception {
        String xxe = "<!DOCTYPE order [<!ENTITY % remote SYSTEM \"" + secretFile().toUri() + "\"> %remote;]>"
                + "<order/>";

        Throwable failure = catchThrowable(() -> SafeXml.parse(xxe));

        assertThat(failure).isInstanceOf(SAXException.class);
        assertThat(everythingIn(failure)).doesNotContain(SECRET);
    }

    @Test
    void refusesAnExternalDtd() throws Exception {
        Path dtd = directory.resolve("order.dtd");
        Files.writeString(dtd, "<!ENTITY secret \"" + SECRET + "\">");

        Throwable failure = catchThrowable(() -> SafeXml.parse("<!DOCTYPE order SYSTEM \"" + dtd.toUri() + "\">"
                + "<order>&secret;</order>"));

        assertThat(failure).isInstanceOf(SAXException.class);
        assertThat(everythingIn(failure)).doesNotContain(SECRET);
    }

    @Test
    void refusesTheBillionLaughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [" + entities + "]><lolz>&lol9;</lolz>";

        assertThatThrownBy(() -> SafeXml.parse(bomb)).isInstanceOf(SAXException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void doesNotProcessXIncludes() throws Exception {
        String include = "<order xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\""
                + secretFile().toUri() + "\" parse=\"text\"/></order>";

        Document document = SafeXml.parse(include);

        assertThat(document.getDocumentElement().getTextContent()).doesNotContain(SECRET);
        assertThat(SafeXml.toString(document)).doesNotContain(SECRET);
    }

    @Test
    void refusesTextThatIsNotWellFormed() {
        assertThatThrownBy(() -> SafeXml.parse("<a><b></a>")).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> SafeXml.parse("")).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> SafeXml.parse("<a/><b/>")).isInstanceOf(SAXException.class);
    }

    @Test
    void writesADocumentBackWithoutAnXmlDeclaration() throws Exception {
        String text = "<order item=\"tea\"><qty>2</qty></order>";

        assertThat(SafeXml.toString(SafeXml.parse(text))).isEqualTo(text);
    }
}
