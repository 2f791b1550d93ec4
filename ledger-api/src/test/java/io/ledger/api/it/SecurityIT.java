package io.ledger.api.it;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call is authenticated and entitled: 401 for who-are-you, 403 for not-yours-to-do, 404 for not-yours-to-see. */
class SecurityIT extends LedgerIT {

    private void assertUnauthorized(Http.Response response) {
        assertEquals(401, response.status(), response.body().toString());
        assertEquals("UNAUTHENTICATED", response.code());
        assertTrue(response.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void noTokenOrAMalformedOneIsUnauthenticated() {
        assertUnauthorized(http.get("/v1/accounts", null));
        assertUnauthorized(http.get("/v1/accounts", "not-a-jwt"));
        assertUnauthorized(http.get("/v1/no-such-route", null));
    }

    @Test
    void expiredNotYetValidOrWithoutExpiryIsRefused() {
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .expiration(Date.from(past)).compact()));
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .notBefore(Date.from(Instant.now().plus(1, ChronoUnit.HOURS))).compact()));
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet").expiration(null).compact()));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet").issuer("someone-else").compact()));
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .audience().single("another-service").compact()));
    }

    @Test
    void unsignedTokensAndAlgorithmsNotConfiguredAreRefused() throws Exception {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"alice\",\"scope\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        assertUnauthorized(http.get("/v1/accounts", header + "." + claims + "."));

        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .signWith(Jwts.SIG.HS512.key().build(), Jwts.SIG.HS512).compact()));
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact()));
        assertUnauthorized(http.get("/v1/accounts", Tokens.builder("alice", "admin")
                .signWith(Jwts.SIG.HS256.key().build(), Jwts.SIG.HS256).compact()));
    }

    @Test
    void tokensInTheQueryStringAreRefused() {
        assertUnauthorized(http.get("/v1/accounts?access_token=" + Tokens.token("alice", "wallet"),
                Tokens.token("alice", "wallet")));
    }

    @Test
    void walletCannotCallBackOfficeOrAdminEndpoints() {
        String wallet = Tokens.token("mallory", "wallet");
        String own = openWallet("mallory", "USD");
        assertForbidden(http.post("/v1/accounts/" + own + "/freeze", wallet, null));
        assertForbidden(http.post("/v1/accounts/" + own + "/unfreeze", wallet, null));
        assertForbidden(http.post("/v1/accounts/" + own + "/close", wallet, null));
        assertForbidden(http.post("/v1/payments/00000000-0000-8000-8000-000000000000/reversal", wallet, null));
        assertForbidden(open(wallet, unique("m"), null, "USD", "MERCHANT"));
        assertForbidden(open(wallet, unique("m"), "someone-else", "USD", "WALLET"));
        assertForbidden(http.post("/v1/accounts", wallet,
                "{\"currency\":\"USD\",\"type\":\"WALLET\",\"overdraftLimit\":\"100.00\"}"));
    }

    @Test
    void scopesAreSeparate() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        assertForbidden(pay(BACKOFFICE, unique("k"), bank, alice, "1.00", "USD"));
        assertForbidden(open(BACKOFFICE, unique("b"), "x", "USD", "WALLET"));
        assertForbidden(http.post("/v1/accounts/" + alice + "/freeze", ADMIN, null));
        assertForbidden(http.get("/v1/accounts", Tokens.token("nobody", "")));
        assertForbidden(pay(ADMIN, unique("k"), alice, bank, "1.00", "USD"));
    }

    @Test
    void walletCannotSeeOrUseAnotherOwnersAccount() {
        String bank = openSystem("USD");
        String victimOwner = unique("victim");
        String malloryOwner = unique("mallory");
        String victim = openWallet(victimOwner, "USD");
        String mallory = openWallet(malloryOwner, "USD");
        fund(bank, victim, "50.00", "USD");
        String token = Tokens.token(malloryOwner, "wallet");

        assertNotFound(http.get("/v1/accounts/" + victim, token));
        assertNotFound(http.get("/v1/accounts/" + victim + "/entries", token));
        assertNotFound(http.get("/v1/accounts/does-not-exist", token));
        assertNotFound(pay(token, unique("k"), victim, mallory, "1.00", "USD"));
        assertNotFound(pay(token, unique("k"), bank, mallory, "1.00", "USD"));
        String victimsPayment = pay(Tokens.token(victimOwner, "wallet"), unique("k"), victim, openWallet("shop", "USD"),
                "1.00", "USD").text("paymentId");
        assertNotFound(http.get("/v1/payments/" + victimsPayment, token));
        assertEquals(200, http.get("/v1/payments/" + victimsPayment, Tokens.token(victimOwner, "wallet")).status());

        var listed = http.get("/v1/accounts", token).body().get("items");
        assertEquals(1, listed.size());
        assertEquals(mallory, listed.get(0).get("accountId").asString());
        assertEquals(0, http.get("/v1/accounts?owner=" + victimOwner, token).body().get("items").size());
        assertEquals("49.00", balance(victim, "posted"), "only the victim's own payment moved its money");
    }

    @Test
    void walletMayPayAnyAccountFromItsOwn() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "5.00", "USD");
        Http.Response paid = pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "5.00", "USD");
        assertEquals("SETTLED", paid.text("status"));
        assertEquals(200, http.get("/v1/payments/" + paid.text("paymentId"), Tokens.token("bob", "wallet")).status(),
                "the creditor's owner is party to the payment");
    }

    @Test
    void errorsNeverEchoTheToken() {
        String token = Tokens.token("alice", "wallet");
        Http.Response response = http.post("/v1/payments", token, "{not json", Map.of("Idempotency-Key", "k"));
        assertEquals(400, response.status());
        assertTrue(!response.raw().body().contains(token));
    }

    private static void assertForbidden(Http.Response response) {
        assertEquals(403, response.status(), response.body().toString());
        assertEquals("FORBIDDEN", response.code());
    }

    private static void assertNotFound(Http.Response response) {
        assertEquals(404, response.status(), response.body().toString());
        assertEquals("ACCOUNT_NOT_FOUND".equals(response.code()) || "PAYMENT_NOT_FOUND".equals(response.code()), true,
                response.body().toString());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
