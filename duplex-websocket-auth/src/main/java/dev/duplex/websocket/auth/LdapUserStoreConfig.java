package dev.duplex.websocket.auth;

import dev.duplex.websocket.auth.internal.PemFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A user store in an LDAP directory (Basic authentication; the reference's {@code auth:LdapUserStoreConfig}, every
 * field kept). To authenticate {@code name}/{@code password} the listener, bound as {@code connectionName}:
 * <ol>
 *   <li>searches {@code userSearchBase} (subtree) for exactly one entry matching {@code userNameSearchFilter}, whose
 *       {@code ?} stands for the name (escaped, RFC 4515), and of class {@code userEntryObjectClass};</li>
 *   <li>binds as that entry's DN with the password (an empty password is refused: LDAP would treat it as an
 *       anonymous bind and succeed);</li>
 *   <li>searches each {@code groupSearchBase} for entries matching {@code groupNameListFilter}, of class
 *       {@code groupEntryObjectClass}, whose {@code membershipAttribute} holds the user's DN; their
 *       {@code groupNameAttribute} values become the principal's scopes.</li>
 * </ol>
 * The principal is named by the entry's {@code userNameAttribute}; its attributes hold {@code dn} and
 * {@code domain}. {@code userNameListFilter} and {@code groupNameSearchFilter} are the reference's filters for listing
 * users and finding a group by name; authentication does not need them, and they are kept for configurations written
 * for the reference.
 *
 * <p>A directory that cannot be reached, or refuses the listener's own bind, answers the upgrade with 503.
 *
 * <p>Thread safety: immutable. Build with {@link #builder()}.
 *
 * @param domainName               the domain, e.g. {@code example.com}; the realm of the Basic challenge
 * @param connectionUrl            {@code ldap://host:389} or {@code ldaps://host:636}
 * @param connectionName           the DN the listener binds as to search
 * @param connectionPassword       its password
 * @param userSearchBase           where users are searched
 * @param userEntryObjectClass     the object class of user entries, e.g. {@code inetOrgPerson}
 * @param userNameAttribute        the attribute holding the user name, e.g. {@code uid}
 * @param userNameSearchFilter     the filter finding one user, {@code ?} for the name, e.g. {@code (&(objectClass=inetOrgPerson)(uid=?))}
 * @param userNameListFilter       the filter listing users (kept, not used to authenticate)
 * @param groupSearchBase          where groups are searched; one or more bases
 * @param groupEntryObjectClass    the object class of group entries, e.g. {@code groupOfNames}
 * @param groupNameAttribute       the attribute holding the group name, e.g. {@code cn}
 * @param groupNameSearchFilter    the filter finding one group, {@code ?} for its name (kept, not used)
 * @param groupNameListFilter      the filter all groups match, e.g. {@code (objectClass=groupOfNames)}
 * @param membershipAttribute      the group attribute holding member DNs, e.g. {@code member}
 * @param userRolesCacheEnabled    whether successful logins (user, password digest, groups) are remembered for
 *                                 {@code cacheConfig}; default {@code false}
 * @param cacheConfig              the cache used when {@code userRolesCacheEnabled}; default {@link CacheConfig#DEFAULT}
 * @param connectionPoolingEnabled whether connections are pooled (up to 10) rather than opened per upgrade; default
 *                                 {@code true}
 * @param connectionTimeout        how long connecting may take; default 5 s
 * @param readTimeout              how long one directory operation may take; default 60 s
 * @param sslContext               the TLS context for {@code ldaps}, or {@code null} for the JDK's (the reference's
 *                                 {@code secureSocket.cert}: see {@link Builder#trustCertificate})
 */
public record LdapUserStoreConfig(String domainName, String connectionUrl, String connectionName,
                                  String connectionPassword, String userSearchBase, String userEntryObjectClass,
                                  String userNameAttribute, String userNameSearchFilter, String userNameListFilter,
                                  List<String> groupSearchBase, String groupEntryObjectClass,
                                  String groupNameAttribute, String groupNameSearchFilter, String groupNameListFilter,
                                  String membershipAttribute, boolean userRolesCacheEnabled, CacheConfig cacheConfig,
                                  boolean connectionPoolingEnabled, Duration connectionTimeout, Duration readTimeout,
                                  SSLContext sslContext) {
    public LdapUserStoreConfig {
        require(domainName, "domainName");
        require(connectionUrl, "connectionUrl");
        if (!connectionUrl.startsWith("ldap://") && !connectionUrl.startsWith("ldaps://")) {
            throw new IllegalArgumentException("connectionUrl must start with ldap:// or ldaps://, was "
                    + connectionUrl);
        }
        require(connectionName, "connectionName");
        Objects.requireNonNull(connectionPassword, "connectionPassword must not be null");
        require(userSearchBase, "userSearchBase");
        require(userEntryObjectClass, "userEntryObjectClass");
        require(userNameAttribute, "userNameAttribute");
        require(userNameSearchFilter, "userNameSearchFilter");
        if (!userNameSearchFilter.contains("?")) {
            throw new IllegalArgumentException("userNameSearchFilter must contain '?' where the user name goes, was "
                    + userNameSearchFilter);
        }
        require(userNameListFilter, "userNameListFilter");
        groupSearchBase = List.copyOf(Objects.requireNonNull(groupSearchBase, "groupSearchBase must not be null"));
        if (groupSearchBase.isEmpty()) {
            throw new IllegalArgumentException("groupSearchBase needs at least one base DN");
        }
        require(groupEntryObjectClass, "groupEntryObjectClass");
        require(groupNameAttribute, "groupNameAttribute");
        require(groupNameSearchFilter, "groupNameSearchFilter");
        require(groupNameListFilter, "groupNameListFilter");
        require(membershipAttribute, "membershipAttribute");
        Objects.requireNonNull(cacheConfig, "cacheConfig must not be null");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout must not be null");
        Objects.requireNonNull(readTimeout, "readTimeout must not be null");
        if (connectionTimeout.isNegative() || connectionTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("connectionTimeout and readTimeout must be positive, were "
                    + connectionTimeout + " and " + readTimeout);
        }
    }

    private static void require(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "LdapUserStoreConfig[domainName=" + domainName + ", connectionUrl=" + connectionUrl
                + ", connectionName=" + connectionName + ", connectionPassword=****, userSearchBase=" + userSearchBase
                + ", userEntryObjectClass=" + userEntryObjectClass + ", userNameAttribute=" + userNameAttribute
                + ", userNameSearchFilter=" + userNameSearchFilter + ", userNameListFilter=" + userNameListFilter
                + ", groupSearchBase=" + groupSearchBase + ", groupEntryObjectClass=" + groupEntryObjectClass
                + ", groupNameAttribute=" + groupNameAttribute + ", groupNameSearchFilter=" + groupNameSearchFilter
                + ", groupNameListFilter=" + groupNameListFilter + ", membershipAttribute=" + membershipAttribute
                + ", userRolesCacheEnabled=" + userRolesCacheEnabled + ", cacheConfig=" + cacheConfig
                + ", connectionPoolingEnabled=" + connectionPoolingEnabled + ", connectionTimeout="
                + connectionTimeout + ", readTimeout=" + readTimeout + ", sslContext="
                + (sslContext == null ? "JDK default" : "custom") + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link LdapUserStoreConfig}. The defaults suit an OpenLDAP-style directory ({@code inetOrgPerson}
     * users named by {@code uid}, {@code groupOfNames} groups named by {@code cn} listing {@code member} DNs);
     * {@code domainName}, {@code connectionUrl}, {@code connectionName}, {@code connectionPassword},
     * {@code userSearchBase} and {@code groupSearchBase} have none.
     */
    public static final class Builder {
        private String domainName;
        private String connectionUrl;
        private String connectionName;
        private String connectionPassword;
        private String userSearchBase;
        private String userEntryObjectClass = "inetOrgPerson";
        private String userNameAttribute = "uid";
        private String userNameSearchFilter = "(&(objectClass=inetOrgPerson)(uid=?))";
        private String userNameListFilter = "(objectClass=inetOrgPerson)";
        private final List<String> groupSearchBase = new ArrayList<>();
        private String groupEntryObjectClass = "groupOfNames";
        private String groupNameAttribute = "cn";
        private String groupNameSearchFilter = "(&(objectClass=groupOfNames)(cn=?))";
        private String groupNameListFilter = "(objectClass=groupOfNames)";
        private String membershipAttribute = "member";
        private boolean userRolesCacheEnabled;
        private CacheConfig cacheConfig = CacheConfig.DEFAULT;
        private boolean connectionPoolingEnabled = true;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(60);
        private SSLContext sslContext;

        private Builder() {
        }

        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        public Builder connectionUrl(String connectionUrl) {
            this.connectionUrl = connectionUrl;
            return this;
        }

        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        public Builder connectionPassword(String connectionPassword) {
            this.connectionPassword = connectionPassword;
            return this;
        }

        public Builder userSearchBase(String userSearchBase) {
            this.userSearchBase = userSearchBase;
            return this;
        }

        public Builder userEntryObjectClass(String userEntryObjectClass) {
            this.userEntryObjectClass = userEntryObjectClass;
            return this;
        }

        public Builder userNameAttribute(String userNameAttribute) {
            this.userNameAttribute = userNameAttribute;
            return this;
        }

        public Builder userNameSearchFilter(String userNameSearchFilter) {
            this.userNameSearchFilter = userNameSearchFilter;
            return this;
        }

        public Builder userNameListFilter(String userNameListFilter) {
            this.userNameListFilter = userNameListFilter;
            return this;
        }

        /** Adds base DNs under which groups are searched. */
        public Builder groupSearchBase(String... bases) {
            groupSearchBase.addAll(List.of(bases));
            return this;
        }

        public Builder groupEntryObjectClass(String groupEntryObjectClass) {
            this.groupEntryObjectClass = groupEntryObjectClass;
            return this;
        }

        public Builder groupNameAttribute(String groupNameAttribute) {
            this.groupNameAttribute = groupNameAttribute;
            return this;
        }

        public Builder groupNameSearchFilter(String groupNameSearchFilter) {
            this.groupNameSearchFilter = groupNameSearchFilter;
            return this;
        }

        public Builder groupNameListFilter(String groupNameListFilter) {
            this.groupNameListFilter = groupNameListFilter;
            return this;
        }

        public Builder membershipAttribute(String membershipAttribute) {
            this.membershipAttribute = membershipAttribute;
            return this;
        }

        public Builder userRolesCacheEnabled(boolean userRolesCacheEnabled) {
            this.userRolesCacheEnabled = userRolesCacheEnabled;
            return this;
        }

        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
            return this;
        }

        public Builder connectionPoolingEnabled(boolean connectionPoolingEnabled) {
            this.connectionPoolingEnabled = connectionPoolingEnabled;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Trusts exactly the certificates of a PEM file for {@code ldaps} (the reference's {@code secureSocket.cert}). */
        public Builder trustCertificate(Path pemFile) {
            this.sslContext = PemFiles.sslContextTrusting(pemFile);
            return this;
        }

        public LdapUserStoreConfig build() {
            return new LdapUserStoreConfig(domainName, connectionUrl, connectionName, connectionPassword,
                    userSearchBase, userEntryObjectClass, userNameAttribute, userNameSearchFilter, userNameListFilter,
                    groupSearchBase, groupEntryObjectClass, groupNameAttribute, groupNameSearchFilter,
                    groupNameListFilter, membershipAttribute, userRolesCacheEnabled, cacheConfig,
                    connectionPoolingEnabled, connectionTimeout, readTimeout, sslContext);
        }
    }
}
