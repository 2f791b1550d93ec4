package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's production sign-in: OpenID Connect, authorization code with PKCE, against an issuer in this JVM
 * ({@link FakeIssuer}); the scopes the issuer grants decide what the user is. No development users are offered
 * (this service verifies tokens with a public key, not the development secret).
 */
class ConsoleSingleSignOnIT extends LedgerIT {

    @Test
    void aBackOfficeUserSignsInWithTheIssuerProvingTheCodeWithPkce() throws Exception {
        Session session = new Session();
        String page = session.get("/console/sign-in").body();
        assertTrue(page.contains("/console/oauth2/authorization/ledger"), "the sign-in page offers single sign-on");
        assertFalse(page.contains("Development users"), "no development users outside the development secret");
        assertFalse(page.contains("name=\"_csrf\""), "no form to post: nothing to sign in to but the issuer");
        HttpResponse<String> denied = session.post("/console/sign-in/development", "user=clerk");
        assertEquals(403, denied.statusCode());
        assertEquals(302, session.get("/console").statusCode(), "still signed out");

        Map<String, String> authorize = session.authorize();
        assertEquals("S256", authorize.get("code_challenge_method"));
        assertNotNull(authorize.get("code_challenge"));
        assertEquals(FakeIssuer.CLIENT_ID, authorize.get("client_id"));
        FakeIssuer.get().next = new FakeIssuer.Grant("code-1", "ana", "openid backoffice", authorize.get("nonce"),
                authorize.get("code_challenge"));
        HttpResponse<String> back = session.get(callback(authorize, "code-1"));
        assertEquals(Boolean.TRUE, FakeIssuer.get().verifierMatched, "the token request proved the PKCE challenge");
        assertEquals(302, back.statusCode(), back.body());
        assertEquals("/console", URI.create(back.headers().firstValue("Location").orElseThrow()).getPath());
        String home = session.get("/console").body();
        assertTrue(home.contains("Signed in as <strong>ana</strong>"), home);
        assertTrue(home.contains("(<span>backoffice</span>)"), home);
        // What the granted scopes let in, and nothing else: the trail needs compliance.
        HttpResponse<String> compliance = session.get("/console/compliance");
        assertEquals(403, compliance.statusCode());
        assertTrue(compliance.body().contains("this operation needs scope compliance"));
    }

    @Test
    void aUserTheIssuerGrantsNoConsoleScopeIsRefused() throws Exception {
        Session session = new Session();
        Map<String, String> authorize = session.authorize();
        FakeIssuer.get().next = new FakeIssuer.Grant("code-2", "walt", "openid wallet", authorize.get("nonce"),
                authorize.get("code_challenge"));
        HttpResponse<String> back = session.get(callback(authorize, "code-2"));
        assertEquals(302, back.statusCode());
        assertTrue(back.headers().firstValue("Location").orElseThrow().endsWith("/console/sign-in?refused"));
        HttpResponse<String> after = session.get("/console");
        assertEquals(302, after.statusCode(), "not signed in");
        assertTrue(after.headers().firstValue("Location").orElseThrow().endsWith("/console/sign-in"));
    }

    @Test
    void aCodeWithoutTheSessionsStateSignsNobodyIn() throws Exception {
        Session session = new Session();
        Map<String, String> authorize = session.authorize();
        FakeIssuer.get().next = new FakeIssuer.Grant("code-3", "mallory", "openid backoffice admin",
                authorize.get("nonce"), authorize.get("code_challenge"));
        // The callback arrives in another browser (a forged or replayed link): no authorization request to match.
        HttpResponse<String> forged = new Session().get(callback(authorize, "code-3"));
        assertEquals(302, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").orElseThrow().contains("/console/sign-in?failed"));
        FakeIssuer.get().next = null;
    }

    private String callback(Map<String, String> authorize, String code) {
        return URI.create(authorize.get("redirect_uri")).getPath() + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(authorize.get("state"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A browser's cookie jar, following no redirect by itself. */
    private final class Session {

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Starts single sign-on and reads the authorization request the console sent the browser to. */
        Map<String, String> authorize() throws Exception {
            HttpResponse<String> start = get("/console/oauth2/authorization/ledger");
            assertEquals(302, start.statusCode(), start.body());
            URI location = URI.create(start.headers().firstValue("Location").orElseThrow());
            assertEquals(FakeIssuer.get().uri() + "/authorize", location.getScheme() + "://" + location.getAuthority()
                    + location.getPath());
            return FakeIssuer.form(location.getRawQuery());
        }
    }
}
