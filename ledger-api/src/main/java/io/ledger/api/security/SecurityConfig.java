package io.ledger.api.security;

import io.ledger.api.bootstrap.Development;
import io.ledger.api.bootstrap.ServiceSettings;
import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spring Security as an OAuth2 resource server, deny by default: a request is let in only by a rule
 * of {@link Entitlements} (or is one of its public reads); every other request is refused, 401 without
 * a valid token, 403 with one. Refusals are problem documents with the codes clients key on, and each
 * is a security event ({@link SecurityEvents}). Inside the chain, after the token is verified: its binding to
 * the client certificate (RFC 8705, {@link CertificateBindingFilter}), the per-caller rate limit, the body size limit, and the security event of every back-office and admin call.
 * Only where the service serves HTTP: the jar's commands (rebuild-read-models) start without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({JwtSettings.class, RateLimitSettings.class, MachineSettings.class})
public class SecurityConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)(access_token|token|jwt)=", Pattern.CASE_INSENSITIVE);
    private static final String DECODING_PREFIX = "An error occurred while attempting to decode the Jwt: ";

    @Bean
    public TokenVerifier tokenVerifier(JwtSettings settings, SecurityEvents events, ServiceSettings service) {
        boolean development = service.development();
        TokenKeys keys = null;
        String issuer = settings.issuer();
        if (present(settings.issuerUri())) {
            keys = TokenKeys.discovered(settings.issuerUri(), settings.jwkSetTtl(), settings.jwkRefetchMinInterval(), events);
            issuer = settings.issuerUri();
        }
        if (present(settings.jwkSetUri())) {
            TokenKeys remote = TokenKeys.remote(settings.jwkSetUri(), settings.jwkSetTtl(),
                    settings.jwkRefetchMinInterval(), events);
            keys = keys == null ? remote : keys.and(remote);
        }
        if (present(settings.publicKey())) {
            TokenKeys pem = TokenKeys.publicKey(KeyMaterial.readPublicKey(Path.of(settings.publicKey())));
            keys = keys == null ? pem : keys.and(pem);
        }
        if (present(settings.secret())) {
            if (!development) {
                throw Development.refusal("LEDGER_JWT_SECRET is set, and HS256 with a shared secret is for development "
                        + "only; name the token issuer in LEDGER_JWT_ISSUER_URI or its keys in LEDGER_JWT_JWK_SET_URI "
                        + "or LEDGER_JWT_PUBLIC_KEY");
            }
            TokenKeys secret = TokenKeys.secret(KeyMaterial.decodeSecret(settings.secret()));
            keys = keys == null ? secret : keys.and(secret);
        }
        if (keys == null) {
            if (!development) {
                throw Development.refusal("none of LEDGER_JWT_ISSUER_URI, LEDGER_JWT_JWK_SET_URI and LEDGER_JWT_PUBLIC_KEY is set");
            }
            Path file = Path.of(settings.devSecretFile());
            log.warn("No LEDGER_JWT_ISSUER_URI, LEDGER_JWT_JWK_SET_URI, LEDGER_JWT_PUBLIC_KEY or LEDGER_JWT_SECRET set: "
                    + "accepting HS256 tokens signed with the development secret in {}. Mint one with 'java -jar ledger.jar mint-token'. "
                    + "Never run production like this.", file.toAbsolutePath());
            keys = TokenKeys.secret(KeyMaterial.devSecret(file));
        }
        return new TokenVerifier(keys, issuer, settings.audience(), settings.clockSkew());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenVerifier verifier, RateLimitSettings limits, SecurityEvents events,
                            MachineSettings machines, ServerProperties webServer)
            throws Exception {
        boolean tls = Ssl.isEnabled(webServer.getSsl());
        Set<Scope> machineScopes = Scope.parse(machines.scopes());
        if (!machineScopes.isEmpty() && !tls) {
            log.warn("LEDGER_MTLS_SCOPES is set but LEDGER_TLS_ENABLED is not: tokens of those scopes are refused, "
                    + "since no client certificate can reach the service");
        }
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> {
            String detail = detail(failure);
            events.authenticationFailed(request, detail);
            response.setHeader("WWW-Authenticate", failure instanceof OAuth2AuthenticationException
                    ? "Bearer error=\"invalid_token\"" : "Bearer");
            ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, detail);
        };
        AccessDeniedHandler forbidden = (request, response, denied) -> {
            Entitlements.Rule rule = Entitlements.ruleFor(request);
            String detail = rule == null ? "no such route, or none that a token may call" : rule.needs();
            events.accessDenied(request, Caller.current(), rule, detail);
            ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, detail);
        };
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(authorize -> {
                    // The second dispatch of a request already let in (a streamed export), and the container's error page.
                    authorize.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    Entitlements.PUBLIC_GETS.forEach(pattern -> authorize.requestMatchers(HttpMethod.GET, pattern).permitAll());
                    Entitlements.RULES.forEach(rule -> authorize.requestMatchers(rule.matcher())
                            .hasAnyAuthority(rule.authorities()));
                    authorize.anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(headerOnly())
                        .jwt(jwt -> jwt.decoder(verifier).jwtAuthenticationConverter(CallerAuthentication::of))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .addFilterAfter(new CertificateBindingFilter(machineScopes, unauthenticated),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limits, events), CertificateBindingFilter.class)
                .addFilterAfter(new BodySizeFilter(limits.maxBodyBytes()), RateLimitFilter.class)
                .addFilterAfter(new PrivilegedActionFilter(events), BodySizeFilter.class);
        return http.build();
    }

    /**
     * Spring Security's own firewall: the same rules as RequestFirewallFilter, which has already checked (and wrapped)
     * the request that reaches the chain unchanged; that one is not checked twice. Anything else is checked here.
     */
    @Bean
    WebSecurityCustomizer firewall() {
        StrictHttpFirewall strict = RequestFirewallFilter.firewall();
        return web -> web.httpFirewall(new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                return request instanceof FirewalledRequest checked ? checked : strict.getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        });
    }

    /**
     * No Micrometer observations of the filter chain, authentications and authorizations: they wrapped every filter
     * of every request (a third of the chain's cost in a profile, docs/performance.md session 12), and what a
     * SIEM needs of them are the security events.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Before anything reads the request: entitlements are decided on a path that means one thing only. */
    @Bean
    public FilterRegistrationBean<RequestFirewallFilter> requestFirewallFilter() {
        FilterRegistrationBean<RequestFirewallFilter> registration =
                new FilterRegistrationBean<>(new RequestFirewallFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /**
     * The Authorization header only: a token in the query string ends up in logs and browser history, so one
     * there is refused even beside a header.
     */
    private static BearerTokenResolver headerOnly() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> {
            String query = request.getQueryString();
            if (query != null && TOKEN_IN_QUERY.matcher(query).find()) {
                throw new OAuth2AuthenticationException(
                        BearerTokenErrors.invalidRequest("tokens are accepted in the Authorization header only"));
            }
            return header.resolve(request);
        };
    }

    /** What a 401 says: the reason the token was refused, never the token. */
    private static String detail(AuthenticationException failure) {
        if (!(failure instanceof OAuth2AuthenticationException oauth)) {
            return "a bearer token is required";
        }
        String description = oauth.getError().getDescription();
        if (description == null || description.isBlank()) {
            return "token rejected";
        }
        String reason = description.startsWith(DECODING_PREFIX) ? description.substring(DECODING_PREFIX.length()) : description;
        return "token rejected: " + (reason.length() > 200 ? reason.substring(0, 200) : reason);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
