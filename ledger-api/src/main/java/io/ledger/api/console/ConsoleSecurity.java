package io.ledger.api.console;

import io.ledger.api.bootstrap.ServiceSettings;
import io.ledger.api.security.Caller;
import io.ledger.api.security.JwtSettings;
import io.ledger.api.security.Scope;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's own filter chain, before the API's: a session cookie instead of a bearer token, CSRF protection on
 * every form, a strict content security policy (scripts and styles from the service only). Who is signed in is a
 * {@link Caller}, as for a token, so the console's calls meet the same entitlements (ADR 0027). Signing in is
 * OpenID Connect (authorization code with PKCE) where an issuer is configured; in development on the development
 * token secret, and only then, a page of development users.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ConsoleSettings.class)
class ConsoleSecurity {

    static final String REGISTRATION = "ledger";
    /** Where the console is; everything under it is the console's, nothing else is. */
    static final String ROOT = "/console";

    /** The users the development sign-in offers: one per kind of console user, and a wallet, to be refused. */
    static final List<DevelopmentUser> DEVELOPMENT_USERS = List.of(
            new DevelopmentUser("clerk", "Back office clerk", Set.of(Scope.BACKOFFICE)),
            new DevelopmentUser("auditor", "Compliance officer", Set.of(Scope.COMPLIANCE)),
            new DevelopmentUser("supervisor", "Back office and compliance", Set.of(Scope.BACKOFFICE, Scope.COMPLIANCE)),
            new DevelopmentUser("operator", "Administrator", Set.of(Scope.ADMIN)),
            new DevelopmentUser("wallet-user", "A wallet's owner (the console refuses)", Set.of(Scope.WALLET)));

    record DevelopmentUser(String subject, String description, Set<Scope> scopes) {

        public String scopeClaim() {
            return scopes.stream().map(Scope::claimValue).sorted().collect(Collectors.joining(" "));
        }
    }

    /** How the console signs its users in on this run: development users, or an issuer (null: neither). */
    record SignIn(boolean developmentUsers, ClientRegistrationRepository oidc) {
    }

    @Bean
    SignIn consoleSignIn(ConsoleSettings settings, JwtSettings jwt, ServiceSettings service) {
        boolean development = service.development();
        ConsoleSettings.Oidc oidc = settings.oidc();
        if (oidc.configured()) {
            return new SignIn(false, new DiscoveredLazily(() -> registration(oidc)));
        }
        // The development secret is in use: no issuer, no keys of one, no public key configured.
        boolean developmentSecret = development && !StringUtils.hasText(jwt.issuerUri())
                && !StringUtils.hasText(jwt.jwkSetUri()) && !StringUtils.hasText(jwt.publicKey());
        return new SignIn(developmentSecret, null);
    }

    /** The console as a client of the issuer: its endpoints named one by one, or read from its discovery document. */
    private static ClientRegistration registration(ConsoleSettings.Oidc oidc) {
        ClientRegistration.Builder builder = StringUtils.hasText(oidc.authorizationUri())
                ? ClientRegistration.withRegistrationId(REGISTRATION)
                .authorizationUri(oidc.authorizationUri()).tokenUri(oidc.tokenUri()).jwkSetUri(oidc.jwkSetUri())
                .issuerUri(oidc.issuerUri())
                : ClientRegistrations.fromIssuerLocation(oidc.issuerUri()).registrationId(REGISTRATION);
        return builder.clientId(oidc.clientId()).clientSecret(oidc.clientSecret())
                .clientAuthenticationMethod(StringUtils.hasText(oidc.clientSecret())
                        ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + ROOT + "/login/oauth2/code/{registrationId}")
                .scope(oidc.scopes().split(" ")).userNameAttributeName(oidc.userNameClaim())
                .clientName("Single sign-on").build();
    }

    /**
     * The issuer's registration, read from its discovery document on the first sign-in rather than at start, as the
     * API reads its token keys: the service starts while the issuer is down, and a failed discovery is tried again
     * on the next sign-in.
     */
    static final class DiscoveredLazily implements ClientRegistrationRepository {

        private final java.util.function.Supplier<ClientRegistration> discover;
        private volatile ClientRegistration registration;

        DiscoveredLazily(java.util.function.Supplier<ClientRegistration> discover) {
            this.discover = discover;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            if (!REGISTRATION.equals(registrationId)) {
                return null;
            }
            ClientRegistration known = registration;
            if (known == null) {
                synchronized (this) {
                    if (registration == null) {
                        registration = discover.get();
                    }
                    known = registration;
                }
            }
            return known;
        }
    }

    @Bean
    @Order(0)
    SecurityFilterChain console(HttpSecurity http, SignIn signIn, ConsoleSessions sessions) throws Exception {
        http.securityMatcher(ROOT, ROOT + "/**")
                .authorizeHttpRequests(authorize -> authorize
                        // The second dispatch of a download already let in, and the container's error page.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(ROOT + "/sign-in", ROOT + "/sign-in/**", ROOT + "/assets/**",
                                ROOT + "/oauth2/**", ROOT + "/login/oauth2/**").permitAll()
                        // Signed in as a console user; what each page and action needs is its API rule's.
                        .anyRequest().hasAnyAuthority(Scope.BACKOFFICE.authority(), Scope.COMPLIANCE.authority(),
                                Scope.ADMIN.authority()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(ROOT + "/sign-in")))
                .securityContext(context -> context.securityContextRepository(sessions.repository()))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.logoutUrl(ROOT + "/sign-out").logoutSuccessUrl(ROOT + "/sign-in?signed-out")
                        .deleteCookies(SESSION_COOKIE))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                + "form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (signIn.oidc() != null) {
            ClientRegistrationRepository registrations = signIn.oidc();
            DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(
                    registrations, ROOT + "/oauth2/authorization");
            pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login
                    .clientRegistrationRepository(registrations)
                    .loginPage(ROOT + "/sign-in")
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri(ROOT + "/login/oauth2/code/*"))
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(ConsoleSecurity::grantedScopes))
                    .successHandler((request, response, authentication) -> sessions.signIn(request, response,
                            callerOf((OAuth2AuthenticationToken) authentication)))
                    .failureUrl(ROOT + "/sign-in?failed"));
        }
        return http.build();
    }

    static final String SESSION_COOKIE = "LEDGER_CONSOLE";

    /** The console's stylesheet and scripts, and the chart library's WebJar, under the console's own path. */
    @Bean
    WebMvcConfigurer consoleAssets() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(ROOT + "/assets/**")
                        .addResourceLocations("classpath:/console/", "classpath:/META-INF/resources/webjars/");
            }
        };
    }

    /**
     * The session cookie: HttpOnly, SameSite=Lax (the issuer's redirect back must carry it), Secure outside
     * development, scoped to the console's path, so no API call ever carries it.
     */
    @Bean
    ServletContextInitializer consoleSessionCookie(ConsoleSettings settings, ServiceSettings service) {
        boolean development = service.development();
        return (ServletContext context) -> {
            context.getSessionCookieConfig().setName(SESSION_COOKIE);
            context.getSessionCookieConfig().setHttpOnly(true);
            context.getSessionCookieConfig().setSecure(!development);
            context.getSessionCookieConfig().setPath(ROOT);
            context.getSessionCookieConfig().setAttribute("SameSite", "Lax");
            context.setSessionTimeout((int) Math.max(1, settings.idleTimeout().toMinutes()));
        };
    }

    /** The OpenID user with the scopes the issuer granted in its access token as authorities, nothing else. */
    private static OidcUser grantedScopes(OidcUserRequest request) {
        OidcUser user = new OidcUserService().loadUser(request);
        List<GrantedAuthority> authorities = Scope.parse(String.join(" ", request.getAccessToken().getScopes()))
                .stream().map(scope -> (GrantedAuthority) new SimpleGrantedAuthority(scope.authority())).toList();
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "sub");
    }

    private static Caller callerOf(OAuth2AuthenticationToken token) {
        String scopes = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("SCOPE_")).map(authority -> authority.substring(6))
                .collect(Collectors.joining(" "));
        return new Caller(((OidcUser) token.getPrincipal()).getSubject(), Scope.parse(scopes));
    }

}
