package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic authentication against an LDAP directory (spec §5.2 LdapUserStoreConfigWithScopes), end to end, with
 * UnboundID's in-memory directory server loaded from {@code directory.ldif}: alice is in groups write and update,
 * bob in read, carol in none.
 */
class LdapUserStoreAuthTest {
    private static final String BASE = "dc=example,dc=com";
    private static final String ADMIN = "cn=admin," + BASE;

    private InMemoryDirectoryServer directory;
    private SecuredListener listener;

    @TempDir
    Path temp;

    @BeforeEach
    void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(ADMIN, "admin-secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getByName("127.0.0.1"), 0, null));
        directory = new InMemoryDirectoryServer(config);
        try (InputStream ldif = getClass().getResourceAsStream("/directory.ldif")) {
            directory.importFromLDIF(true, new com.unboundid.ldif.LDIFReader(ldif));
        }
        directory.startListening();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        directory.shutDown(true);
    }

    private LdapUserStoreConfig.Builder ldap(String url) {
        return LdapUserStoreConfig.builder()
                .domainName("example.com")
                .connectionUrl(url)
                .connectionName(ADMIN)
                .connectionPassword("admin-secret")
                .userSearchBase("ou=people," + BASE)
                .groupSearchBase("ou=groups," + BASE);
    }

    private String ldapUrl() {
        return "ldap://127.0.0.1:" + directory.getListenPort();
    }

    private SecuredListener listen(LdapUserStoreConfig config) {
        listener = new SecuredListener(LdapUserStoreConfigWithScopes.of(config, "write", "update"));
        return listener;
    }

    @Test
    void aUserInARequiredGroupIsAdmittedWithItsGroupsAsScopes() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).isEqualTo("alice update,write");
        assertThat(listener.upgradePrincipals.get(0)).hasValueSatisfying(principal -> assertThat(
                principal.attributes()).containsEntry("dn", "uid=alice,ou=people," + BASE)
                .containsEntry("domain", "example.com"));
    }

    @Test
    void aUserWithoutTheGroupIsRefusedWith403() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("bob", "yyy")).status()).isEqualTo(403);
    }

    @Test
    void aUserInNoGroupIsRefusedWith403() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("carol", "zzz")).status()).isEqualTo(403);
    }

    @Test
    void aWrongPasswordIsRefusedWith401AndABasicChallengeNamingTheDomain() {
        listen(ldap(ldapUrl()).build());
        var refusal = Peers.refusal(listener.url(), new CredentialsConfig("alice", "wrong"));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.response().header("WWW-Authenticate"))
                .isEqualTo("Basic realm=\"example.com\", charset=\"UTF-8\"");
    }

    @Test
    void anUnknownUserIsRefusedWith401() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("peter", "123")).status()).isEqualTo(401);
    }

    @Test
    void anEmptyPasswordIsRefusedWith401RatherThanBoundAnonymously() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("alice", "")).status()).isEqualTo(401);
    }

    @Test
    void aFilterWildcardInTheUserNameMatchesNobody() {
        listen(ldap(ldapUrl()).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("*", "xxx")).status()).isEqualTo(401);
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("al*)(uid=*", "xxx")).status())
                .isEqualTo(401);
    }

    @Test
    void withoutPoolingEachUpgradeOpensItsOwnConnection() {
        listen(ldap(ldapUrl()).connectionPoolingEnabled(false).build());
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).isEqualTo("alice update,write");
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("alice", "bad")).status()).isEqualTo(401);
    }

    @Test
    void anUnreachableDirectoryAnswers503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        listen(ldap("ldap://127.0.0.1:" + closedPort).build());
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("alice", "xxx")).status()).isEqualTo(503);
    }

    @Test
    void withTheCacheARememberedLoginIsAdmittedWhileTheDirectoryIsDown() {
        listen(ldap(ldapUrl()).userRolesCacheEnabled(true).build());
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).isEqualTo("alice update,write");
        directory.shutDown(true);
        assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx"))).isEqualTo("alice update,write");
        // The cache remembers a digest of the password: another password is not admitted from it.
        assertThat(Peers.refusal(listener.url(), new CredentialsConfig("alice", "guess")).status()).isEqualTo(503);
    }

    @Test
    void ldapsWorksWithTheDirectorysCertificateTrusted() throws Exception {
        Path keyStoreFile = temp.resolve("directory.p12");
        TestKeyStores.selfSigned(keyStoreFile, "RSA");
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStoreFile.toFile(), "changeit".toCharArray(),
                "PKCS12", "server"), new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(ADMIN, "admin-secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps",
                InetAddress.getByName("127.0.0.1"), 0, serverTls.createSSLServerSocketFactory(), null));
        InMemoryDirectoryServer secure = new InMemoryDirectoryServer(config);
        try (InputStream ldif = getClass().getResourceAsStream("/directory.ldif")) {
            secure.importFromLDIF(true, new com.unboundid.ldif.LDIFReader(ldif));
        }
        secure.startListening();
        try {
            listen(ldap("ldaps://localhost:" + secure.getListenPort()).sslContext(TestKeyStores.trusting(keyStoreFile))
                    .build());
            assertThat(Peers.whoAmI(listener.url(), new CredentialsConfig("alice", "xxx")))
                    .isEqualTo("alice update,write");
        } finally {
            secure.shutDown(true);
        }
    }

    @Test
    void ldapsRefusesADirectoryWhoseCertificateIsNotTrusted() throws Exception {
        Path keyStoreFile = temp.resolve("untrusted.p12");
        TestKeyStores.selfSigned(keyStoreFile, "RSA");
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStoreFile.toFile(), "changeit".toCharArray(),
                "PKCS12", "server"), new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps",
                InetAddress.getByName("127.0.0.1"), 0, serverTls.createSSLServerSocketFactory(), null));
        InMemoryDirectoryServer secure = new InMemoryDirectoryServer(config);
        secure.startListening();
        try {
            listen(ldap("ldaps://localhost:" + secure.getListenPort()).build());
            assertThat(Peers.refusal(listener.url(), new CredentialsConfig("alice", "xxx")).status()).isEqualTo(503);
        } finally {
            secure.shutDown(true);
        }
    }
}
