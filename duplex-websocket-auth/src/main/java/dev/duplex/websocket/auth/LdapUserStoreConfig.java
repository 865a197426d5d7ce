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
 * <p>Thread safety: immutable. Build with {@link #builder()} (the builder is not thread-safe).
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
    /**
     * Checks the values; prefer {@link #builder()}, which fills in the defaults. Filters are checked for LDAP syntax
     * later, when the authenticator is built.
     *
     * @param domainName               see {@link #domainName()}
     * @param connectionUrl            see {@link #connectionUrl()}
     * @param connectionName           see {@link #connectionName()}
     * @param connectionPassword       see {@link #connectionPassword()}
     * @param userSearchBase           see {@link #userSearchBase()}
     * @param userEntryObjectClass     see {@link #userEntryObjectClass()}
     * @param userNameAttribute        see {@link #userNameAttribute()}
     * @param userNameSearchFilter     see {@link #userNameSearchFilter()}
     * @param userNameListFilter       see {@link #userNameListFilter()}
     * @param groupSearchBase          see {@link #groupSearchBase()}
     * @param groupEntryObjectClass    see {@link #groupEntryObjectClass()}
     * @param groupNameAttribute       see {@link #groupNameAttribute()}
     * @param groupNameSearchFilter    see {@link #groupNameSearchFilter()}
     * @param groupNameListFilter      see {@link #groupNameListFilter()}
     * @param membershipAttribute      see {@link #membershipAttribute()}
     * @param userRolesCacheEnabled    see {@link #userRolesCacheEnabled()}
     * @param cacheConfig              see {@link #cacheConfig()}
     * @param connectionPoolingEnabled see {@link #connectionPoolingEnabled()}
     * @param connectionTimeout        see {@link #connectionTimeout()}
     * @param readTimeout              see {@link #readTimeout()}
     * @param sslContext               see {@link #sslContext()}
     * @throws NullPointerException     when a value other than {@code sslContext} is {@code null}
     * @throws IllegalArgumentException when a string is blank, {@code connectionUrl} is not {@code ldap://} or
     *                                  {@code ldaps://}, {@code userNameSearchFilter} lacks {@code ?},
     *                                  {@code groupSearchBase} is empty, or a timeout is not positive
     */
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

    /** {@return every setting, with the connection password hidden} */
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

    /** {@return a builder holding the OpenLDAP-style defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link LdapUserStoreConfig}. The defaults suit an OpenLDAP-style directory ({@code inetOrgPerson}
     * users named by {@code uid}, {@code groupOfNames} groups named by {@code cn} listing {@code member} DNs);
     * {@code domainName}, {@code connectionUrl}, {@code connectionName}, {@code connectionPassword},
     * {@code userSearchBase} and {@code groupSearchBase} have none.
     *
     * <p>Thread safety: not thread-safe; use one builder from one thread.
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

        /**
         * Sets the domain, the realm of the Basic challenge; required.
         *
         * @param domainName e.g. {@code example.com}
         * @return this builder
         */
        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        /**
         * Sets the directory's URL; required.
         *
         * @param connectionUrl {@code ldap://host:389} or {@code ldaps://host:636}
         * @return this builder
         */
        public Builder connectionUrl(String connectionUrl) {
            this.connectionUrl = connectionUrl;
            return this;
        }

        /**
         * Sets the DN the listener binds as to search; required.
         *
         * @param connectionName e.g. {@code cn=admin,dc=example,dc=com}
         * @return this builder
         */
        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        /**
         * Sets the password of {@code connectionName}; required (may be empty).
         *
         * @param connectionPassword the password
         * @return this builder
         */
        public Builder connectionPassword(String connectionPassword) {
            this.connectionPassword = connectionPassword;
            return this;
        }

        /**
         * Sets where users are searched (subtree); required.
         *
         * @param userSearchBase e.g. {@code ou=people,dc=example,dc=com}
         * @return this builder
         */
        public Builder userSearchBase(String userSearchBase) {
            this.userSearchBase = userSearchBase;
            return this;
        }

        /**
         * Sets the object class of user entries; default {@code inetOrgPerson}.
         *
         * @param userEntryObjectClass the class
         * @return this builder
         */
        public Builder userEntryObjectClass(String userEntryObjectClass) {
            this.userEntryObjectClass = userEntryObjectClass;
            return this;
        }

        /**
         * Sets the attribute holding the user name; default {@code uid}.
         *
         * @param userNameAttribute the attribute
         * @return this builder
         */
        public Builder userNameAttribute(String userNameAttribute) {
            this.userNameAttribute = userNameAttribute;
            return this;
        }

        /**
         * Sets the filter finding one user, {@code ?} standing for the (escaped) name; default
         * {@code (&(objectClass=inetOrgPerson)(uid=?))}.
         *
         * @param userNameSearchFilter the filter; must contain {@code ?}
         * @return this builder
         */
        public Builder userNameSearchFilter(String userNameSearchFilter) {
            this.userNameSearchFilter = userNameSearchFilter;
            return this;
        }

        /**
         * Sets the filter listing users (kept for the reference's configurations, not used to authenticate);
         * default {@code (objectClass=inetOrgPerson)}.
         *
         * @param userNameListFilter the filter
         * @return this builder
         */
        public Builder userNameListFilter(String userNameListFilter) {
            this.userNameListFilter = userNameListFilter;
            return this;
        }

        /**
         * Adds base DNs under which groups are searched; at least one is required.
         *
         * @param bases the base DNs; no {@code null} entries
         * @return this builder
         */
        public Builder groupSearchBase(String... bases) {
            groupSearchBase.addAll(List.of(bases));
            return this;
        }

        /**
         * Sets the object class of group entries; default {@code groupOfNames}.
         *
         * @param groupEntryObjectClass the class
         * @return this builder
         */
        public Builder groupEntryObjectClass(String groupEntryObjectClass) {
            this.groupEntryObjectClass = groupEntryObjectClass;
            return this;
        }

        /**
         * Sets the attribute holding a group's name, which becomes a scope; default {@code cn}.
         *
         * @param groupNameAttribute the attribute
         * @return this builder
         */
        public Builder groupNameAttribute(String groupNameAttribute) {
            this.groupNameAttribute = groupNameAttribute;
            return this;
        }

        /**
         * Sets the filter finding one group by name (kept for the reference's configurations, not used); default
         * {@code (&(objectClass=groupOfNames)(cn=?))}.
         *
         * @param groupNameSearchFilter the filter
         * @return this builder
         */
        public Builder groupNameSearchFilter(String groupNameSearchFilter) {
            this.groupNameSearchFilter = groupNameSearchFilter;
            return this;
        }

        /**
         * Sets the filter every group matches; default {@code (objectClass=groupOfNames)}.
         *
         * @param groupNameListFilter the filter
         * @return this builder
         */
        public Builder groupNameListFilter(String groupNameListFilter) {
            this.groupNameListFilter = groupNameListFilter;
            return this;
        }

        /**
         * Sets the group attribute holding member DNs; default {@code member}.
         *
         * @param membershipAttribute the attribute
         * @return this builder
         */
        public Builder membershipAttribute(String membershipAttribute) {
            this.membershipAttribute = membershipAttribute;
            return this;
        }

        /**
         * Sets whether successful logins are remembered for {@code cacheConfig} (a removed user or group keeps its
         * access until its entry expires); default {@code false}.
         *
         * @param userRolesCacheEnabled {@code true} to cache
         * @return this builder
         */
        public Builder userRolesCacheEnabled(boolean userRolesCacheEnabled) {
            this.userRolesCacheEnabled = userRolesCacheEnabled;
            return this;
        }

        /**
         * Sets the cache used when {@code userRolesCacheEnabled}; default {@link CacheConfig#DEFAULT}.
         *
         * @param cacheConfig the cache; not {@code null}
         * @return this builder
         */
        public Builder cacheConfig(CacheConfig cacheConfig) {
            this.cacheConfig = cacheConfig;
            return this;
        }

        /**
         * Sets whether connections are pooled (up to 10) rather than opened per upgrade; default {@code true}.
         *
         * @param connectionPoolingEnabled {@code false} to connect per upgrade
         * @return this builder
         */
        public Builder connectionPoolingEnabled(boolean connectionPoolingEnabled) {
            this.connectionPoolingEnabled = connectionPoolingEnabled;
            return this;
        }

        /**
         * Sets how long connecting may take; default 5 s.
         *
         * @param connectionTimeout the limit; positive
         * @return this builder
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /**
         * Sets how long one directory operation may take; default 60 s.
         *
         * @param readTimeout the limit; positive
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * Sets the TLS context for {@code ldaps}; default the JDK's. Replaces what {@link #trustCertificate(Path)}
         * set.
         *
         * @param sslContext the context, or {@code null} for the JDK's
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Trusts exactly the certificates of a PEM file for {@code ldaps} (the reference's
         * {@code secureSocket.cert}); the file is read now.
         *
         * @param pemFile a PEM file of one or more certificates
         * @return this builder
         * @throws java.io.UncheckedIOException when the file cannot be read
         * @throws IllegalArgumentException     when it holds no usable certificate
         */
        public Builder trustCertificate(Path pemFile) {
            this.sslContext = PemFiles.sslContextTrusting(pemFile);
            return this;
        }

        /**
         * Builds the configuration, checking the values; nothing is connected.
         *
         * @return the configuration
         * @throws NullPointerException     when a required value was not set
         * @throws IllegalArgumentException when a value is invalid (see the record's constructor)
         */
        public LdapUserStoreConfig build() {
            return new LdapUserStoreConfig(domainName, connectionUrl, connectionName, connectionPassword,
                    userSearchBase, userEntryObjectClass, userNameAttribute, userNameSearchFilter, userNameListFilter,
                    groupSearchBase, groupEntryObjectClass, groupNameAttribute, groupNameSearchFilter,
                    groupNameListFilter, membershipAttribute, userRolesCacheEnabled, cacheConfig,
                    connectionPoolingEnabled, connectionTimeout, readTimeout, sslContext);
        }
    }
}
