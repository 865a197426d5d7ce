package dev.duplex.websocket.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/** Why OpenSSL did not load is told in words: an absent optional jar is not an error with a class name. */
class TlsEngineDescriptionTest {

    @Test
    void saysTcnativeIsNotOnTheClassPathWhenItsClassIsMissing() {
        var missing = new ClassNotFoundException("io.netty.internal.tcnative.SSLContext");

        assertThat(TlsEngine.whyOpenSslIsAbsent(missing))
                .isEqualTo("netty-tcnative is not on the class path")
                .doesNotContain("ClassNotFoundException");
        assertThat(TlsEngine.whyOpenSslIsAbsent(new InvocationTargetException(
                new NoClassDefFoundError("io/netty/internal/tcnative/SSL"))))
                .isEqualTo("netty-tcnative is not on the class path");
    }

    @Test
    void keepsAnyOtherCauseForTheReader() {
        var broken = new UnsatisfiedLinkError("no netty_tcnative_linux_x86_64 in java.library.path");

        assertThat(TlsEngine.whyOpenSslIsAbsent(broken)).contains("netty_tcnative_linux_x86_64");
    }
}
