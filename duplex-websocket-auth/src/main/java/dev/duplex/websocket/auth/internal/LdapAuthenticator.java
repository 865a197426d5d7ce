package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.auth.LdapUserStoreConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Basic authentication against an LDAP directory with the UnboundID SDK: search the user as the service account,
 * bind as the user, collect the groups. See {@link LdapUserStoreConfig} for the steps.
 *
 * <p>Thread safety: safe for concurrent upgrades. The pool is created at the first upgrade under {@link #opening}
 * and is itself thread-safe; the cache is.
 */
public final class LdapAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(LdapAuthenticator.class);
    private static final int MAX_POOLED_CONNECTIONS = 10;

    /** A remembered login: a salted digest of the password (never the password) and the principal. */
    private record Login(byte[] passwordDigest, AuthenticatedPrincipal principal) {
    }

    private final LdapUserStoreConfig config;
    private final SingleServerSet servers;
    private final BindRequest serviceBind;
    private final Filter groupListFilter;
    private final String challenge;
    private final ExpiringCache<String, Login> cache;
    private final byte[] digestSalt = new byte[16];
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock opening = new ReentrantLock();
    /** Created on first use under {@link #opening}; volatile for the unlocked read. */
    private volatile LDAPConnectionPool pool;

    public LdapAuthenticator(LdapUserStoreConfig config) {
        this.config = config;
        LDAPURL url;
        try {
            url = new LDAPURL(config.connectionUrl());
            Filter.create(config.userNameSearchFilter().replace("?", "x"));
            this.groupListFilter = Filter.create(config.groupNameListFilter());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("invalid LDAP configuration: " + e.getMessage(), e);
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, SaturatingDurations.toMillis(config.connectionTimeout())));
        options.setResponseTimeoutMillis(SaturatingDurations.toMillis(config.readTimeout()));
        SocketFactory sockets = SocketFactory.getDefault();
        if ("ldaps".equalsIgnoreCase(url.getScheme())) {
            SSLContext tls = config.sslContext();
            try {
                sockets = (tls != null ? tls : SSLContext.getDefault()).getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        this.servers = new SingleServerSet(url.getHost(), url.getPort(), sockets, options);
        this.serviceBind = new SimpleBindRequest(config.connectionName(), config.connectionPassword());
        this.challenge = "Basic realm=\"" + config.domainName().replace("\"", "") + "\", charset=\"UTF-8\"";
        this.cache = new ExpiringCache<>(config.userRolesCacheEnabled() ? config.cacheConfig().capacity() : 0, clock);
        new SecureRandom().nextBytes(digestSalt);
    }

    @Override
    public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
        BasicCredentials credentials = BasicCredentials.of(request);
        if (credentials == null) {
            return null;
        }
        if (credentials.password().isEmpty()) {
            throw new AuthenticationException("empty password for '" + credentials.username() + "' refused");
        }
        byte[] digest = digest(credentials);
        Login remembered = cache.get(credentials.username());
        if (remembered != null && MessageDigest.isEqual(remembered.passwordDigest(), digest)) {
            return remembered.principal();
        }
        AuthenticatedPrincipal principal = withDirectory(directory -> login(directory, credentials));
        cache.put(credentials.username(), new Login(digest, principal),
                clock.instant().plus(config.cacheConfig().maxAge()));
        return principal;
    }

    @Override
    public String challenge() {
        return challenge;
    }

    private interface DirectoryWork {
        AuthenticatedPrincipal run(Directory directory) throws LDAPException;
    }

    /** The service connection and a way to check a user's password without disturbing it. */
    private interface Directory {
        LDAPInterface search();

        void bindAsUser(String dn, String password) throws LDAPException;
    }

    private AuthenticatedPrincipal withDirectory(DirectoryWork work) {
        try {
            if (config.connectionPoolingEnabled()) {
                LDAPConnectionPool connections = pool();
                return work.run(new Directory() {
                    @Override
                    public LDAPInterface search() {
                        return connections;
                    }

                    @Override
                    public void bindAsUser(String dn, String password) throws LDAPException {
                        connections.bindAndRevertAuthentication(dn, password);
                    }
                });
            }
            try (LDAPConnection connection = servers.getConnection()) {
                connection.bind(serviceBind.duplicate());
                return work.run(new Directory() {
                    @Override
                    public LDAPInterface search() {
                        return connection;
                    }

                    @Override
                    public void bindAsUser(String dn, String password) throws LDAPException {
                        try (LDAPConnection userConnection = servers.getConnection()) {
                            userConnection.bind(dn, password);
                        }
                    }
                });
            }
        } catch (LDAPException e) {
            throw Unavailable.because("LDAP directory " + config.connectionUrl() + " failed: "
                    + e.getResultCode() + " " + e.getMessage(), e);
        }
    }

    private LDAPConnectionPool pool() throws LDAPException {
        LDAPConnectionPool current = pool;
        if (current != null) {
            return current;
        }
        opening.lock();
        try {
            if (pool == null) {
                pool = new LDAPConnectionPool(servers, serviceBind, 1, MAX_POOLED_CONNECTIONS);
                pool.setConnectionPoolName("duplex-ldap " + config.connectionUrl());
            }
            return pool;
        } finally {
            opening.unlock();
        }
    }

    private AuthenticatedPrincipal login(Directory directory, BasicCredentials credentials) throws LDAPException {
        String username = credentials.username();
        Filter userFilter = Filter.createANDFilter(
                Filter.create(config.userNameSearchFilter().replace("?", Filter.encodeValue(username))),
                Filter.createEqualityFilter("objectClass", config.userEntryObjectClass()));
        SearchRequest search = new SearchRequest(config.userSearchBase(), SearchScope.SUB, userFilter,
                config.userNameAttribute());
        search.setSizeLimit(2);
        SearchResult found;
        try {
            found = directory.search().search(search);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                LOG.debug("LDAP search for user '{}' answered {}", username, e.getResultCode());
                throw new AuthenticationException("invalid user name or password for '" + username + "'");
            }
            throw e;
        }
        if (found.getEntryCount() != 1) {
            LOG.debug("LDAP search for user '{}' found {} entries", username, found.getEntryCount());
            throw new AuthenticationException("invalid user name or password for '" + username + "'");
        }
        SearchResultEntry user = found.getSearchEntries().get(0);
        try {
            directory.bindAsUser(user.getDN(), credentials.password());
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                throw new AuthenticationException("invalid user name or password for '" + username + "'");
            }
            throw e;
        }
        Set<String> groups = groupsOf(directory.search(), user.getDN());
        String name = user.getAttributeValue(config.userNameAttribute());
        return new AuthenticatedPrincipal(name != null ? name : username, groups,
                Map.of("dn", user.getDN(), "domain", config.domainName(), "mechanism", "ldap"));
    }

    private Set<String> groupsOf(LDAPInterface directory, String userDn) throws LDAPException {
        Filter filter = Filter.createANDFilter(groupListFilter,
                Filter.createEqualityFilter("objectClass", config.groupEntryObjectClass()),
                Filter.createEqualityFilter(config.membershipAttribute(), userDn));
        Set<String> groups = new LinkedHashSet<>();
        for (String base : config.groupSearchBase()) {
            for (SearchResultEntry group : directory.search(base, SearchScope.SUB, filter,
                    config.groupNameAttribute()).getSearchEntries()) {
                String[] names = group.getAttributeValues(config.groupNameAttribute());
                if (names != null) {
                    groups.addAll(java.util.List.of(names));
                }
            }
        }
        return groups;
    }

    private byte[] digest(BasicCredentials credentials) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(digestSalt);
            sha256.update(credentials.password().getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Closes the connection pool, if one was opened; a later upgrade would open a new one. */
    @Override
    public void close() {
        opening.lock();
        try {
            if (pool != null) {
                pool.close();
                pool = null;
            }
        } finally {
            opening.unlock();
        }
    }
}
