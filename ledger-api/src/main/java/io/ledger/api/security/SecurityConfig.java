package io.ledger.api.security;

import io.ledger.api.bootstrap.Development;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import javax.crypto.SecretKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JwtSettings.class, RateLimitSettings.class})
public class SecurityConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    public TokenVerifier tokenVerifier(JwtSettings settings,
                                       @Value("${" + Development.PROPERTY + ":false}") boolean development) {
        SecretKey secret = null;
        PublicKey publicKey = null;
        if (settings.secret() != null && !settings.secret().isBlank()) {
            secret = TokenVerifier.hmacKey(KeyMaterial.decodeSecret(settings.secret()));
        }
        if (settings.publicKey() != null && !settings.publicKey().isBlank()) {
            publicKey = KeyMaterial.readPublicKey(Path.of(settings.publicKey()));
        }
        if (secret == null && publicKey == null) {
            if (!development) {
                throw Development.refusal("neither LEDGER_JWT_SECRET nor LEDGER_JWT_PUBLIC_KEY is set");
            }
            Path file = Path.of(settings.devSecretFile());
            log.warn("No LEDGER_JWT_SECRET or LEDGER_JWT_PUBLIC_KEY set: accepting HS256 tokens signed with the "
                    + "development secret in {}. Mint one with 'java -jar ledger.jar mint-token'. "
                    + "Never run production like this.", file.toAbsolutePath());
            secret = TokenVerifier.hmacKey(KeyMaterial.devSecret(file));
        }
        return new TokenVerifier(secret, publicKey, settings.issuer(), settings.audience(),
                settings.clockSkew().toSeconds());
    }

    /** Before authentication: entitlements are decided on a path that means one thing only. */
    @Bean
    public FilterRegistrationBean<RequestFirewallFilter> requestFirewallFilter() {
        FilterRegistrationBean<RequestFirewallFilter> registration =
                new FilterRegistrationBean<>(new RequestFirewallFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<AuthenticationFilter> authenticationFilter(TokenVerifier verifier) {
        FilterRegistrationBean<AuthenticationFilter> registration =
                new FilterRegistrationBean<>(new AuthenticationFilter(verifier));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitSettings settings) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(settings));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<BodySizeFilter> bodySizeFilter(RateLimitSettings settings) {
        FilterRegistrationBean<BodySizeFilter> registration =
                new FilterRegistrationBean<>(new BodySizeFilter(settings.maxBodyBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
