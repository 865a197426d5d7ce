package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configurations are checked when they are made, with messages that name the setting. */
class ConfigurationValidationTest {
    @Test
    void anHmacSecretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> ValidatorSignatureConfig.secret("short"))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aJwtValidatorNeedsASignatureConfig() {
        assertThatThrownBy(() -> JwtValidatorConfig.builder().build()).hasMessageContaining("signatureConfig");
    }

    @Test
    void aNegativeClockSkewIsRefused() {
        assertThatThrownBy(() -> JwtValidatorConfig.builder().signatureConfig(ValidatorSignatureConfig.secret(
                "0123456789abcdef0123456789abcdef")).clockSkew(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("clockSkew");
    }

    @Test
    void aJwksUrlMustBeHttpOrHttps() {
        assertThatThrownBy(() -> ValidatorSignatureConfig.jwks("file:///etc/jwks.json"))
                .hasMessageContaining("http or https");
    }

    @Test
    void anLdapUserFilterNeedsAPlaceholderForTheName() {
        assertThatThrownBy(() -> LdapUserStoreConfig.builder().domainName("d").connectionUrl("ldap://h:389")
                .connectionName("cn=a").connectionPassword("p").userSearchBase("ou=p").groupSearchBase("ou=g")
                .userNameSearchFilter("(uid=alice)").build())
                .hasMessageContaining("userNameSearchFilter must contain '?'");
    }

    @Test
    void anLdapUrlMustBeLdapOrLdaps() {
        assertThatThrownBy(() -> LdapUserStoreConfig.builder().domainName("d").connectionUrl("http://h")
                .connectionName("cn=a").connectionPassword("p").userSearchBase("ou=p").groupSearchBase("ou=g")
                .build()).hasMessageContaining("ldap:// or ldaps://");
    }

    @Test
    void theClientCredentialsGrantNeedsAClientIdAndSecret() {
        assertThatThrownBy(() -> OAuth2ClientCredentialsGrantConfig.builder().tokenUrl("https://i/token").build())
                .hasMessageContaining("clientId and clientSecret");
    }

    @Test
    void secretsDoNotAppearInToString() {
        var ldap = LdapUserStoreConfig.builder().domainName("d").connectionUrl("ldap://h:389")
                .connectionName("cn=a").connectionPassword("hunter2").userSearchBase("ou=p").groupSearchBase("ou=g")
                .build();
        assertThat(ldap.toString()).doesNotContain("hunter2");
        assertThat(new BearerTokenConfig("tok3n").toString()).doesNotContain("tok3n");
        assertThat(ValidatorSignatureConfig.secret("0123456789abcdef0123456789abcdef").toString())
                .doesNotContain("0123");
        assertThat(OAuth2ClientCredentialsGrantConfig.builder().tokenUrl("https://i/token").clientId("c")
                .clientSecret("s3cr3t").build().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aRealmWithAQuoteIsRefused() {
        assertThatThrownBy(() -> new FileUserStoreConfig(Path.of("u"), "a\"b", Duration.ZERO))
                .hasMessageContaining("realm");
    }
}
