package io.ledger.api.security;

import com.nimbusds.jose.util.X509CertUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;

/**
 * Certificate-bound access tokens (RFC 8705), checked on every request, after the token is verified: a token
 * with a {@code cnf.x5t#S256} claim is accepted only over a TLS connection whose client certificate has that
 * SHA-256 thumbprint; a token holding one of the machine scopes ({@code ledger.mtls.scopes}, the bank lane's
 * by default when set) must be such a bound token. The client certificate itself was verified by the TLS
 * handshake against the configured client CA (an untrusted or expired one never gets this far). Checked per
 * request, not in the token memory of {@link TokenVerifier}: the same token may arrive with another certificate.
 */
final class CertificateBindingFilter extends OncePerRequestFilter {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Set<Scope> machineScopes;
    private final AuthenticationEntryPoint refuse;

    CertificateBindingFilter(Set<Scope> machineScopes, AuthenticationEntryPoint refuse) {
        this.machineScopes = machineScopes;
        this.refuse = refuse;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authenticated)) {
            chain.doFilter(request, response);
            return;
        }
        String bound = thumbprint(authenticated.getCredentials());
        boolean machine = authenticated.getPrincipal().scopes().stream().anyMatch(machineScopes::contains);
        if (bound == null && !machine) {
            chain.doFilter(request, response);
            return;
        }
        String refusal = refusal(bound, request.getAttribute(CERTIFICATES));
        if (refusal != null) {
            SecurityContextHolder.clearContext();
            refuse.commence(request, response, new InvalidBearerTokenException(refusal));
            return;
        }
        chain.doFilter(request, response);
    }

    private static String refusal(String bound, Object certificates) {
        if (!(certificates instanceof X509Certificate[] chain) || chain.length == 0) {
            return "this token must be presented over mutual TLS with the client certificate it is bound to";
        }
        if (bound == null) {
            return "this token must be bound to the client certificate (RFC 8705 cnf.x5t#S256)";
        }
        if (!bound.equals(X509CertUtils.computeSHA256Thumbprint(chain[0]).toString())) {
            return "the token is bound to another client certificate";
        }
        return null;
    }

    private static String thumbprint(Jwt jwt) {
        Object confirmation = jwt.getClaims().get("cnf");
        return confirmation instanceof Map<?, ?> cnf && cnf.get("x5t#S256") instanceof String x5t ? x5t : null;
    }
}
