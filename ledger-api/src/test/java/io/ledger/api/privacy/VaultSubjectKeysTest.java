package io.ledger.api.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledger.messages.privacy.PersonalData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vault key store against a KV version 2 mount served on loopback, with the parts of Vault's documented HTTP
 * API the store uses: read a secret's data, create it with check-and-set 0, destroy it through its metadata, and
 * refuse a request without the token.
 */
class VaultSubjectKeysTest {

    private static final String TOKEN = "s.test-token";
    private final ObjectMapper json = new ObjectMapper();
    /** Path under the mount's data/ → the secret's current data, as KV v2 keeps it. */
    private final Map<String, JsonNode> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private VaultSubjectKeys keys;

    @BeforeEach
    void startVault() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/kv/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        keys = new VaultSubjectKeys(vault(TOKEN), json);
    }

    @AfterEach
    void stopVault() {
        server.stop(0);
    }

    private PersonalDataSettings.Vault vault(String token) {
        return new PersonalDataSettings.Vault(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                token, "kv", "ledger/ds");
    }

    private synchronized void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
            answer(exchange, 403, "{\"errors\":[\"permission denied\"]}");
            return;
        }
        String secret = path.replaceFirst("^/v1/kv/(data|metadata)/", "");
        boolean data = path.startsWith("/v1/kv/data/");
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                JsonNode stored = data ? secrets.get(secret) : null;
                if (stored == null) {
                    answer(exchange, 404, "{\"errors\":[]}");
                } else {
                    answer(exchange, 200, "{\"data\":{\"data\":" + stored + ",\"metadata\":{\"version\":1}}}");
                }
            }
            case "POST" -> {
                JsonNode body = json.readTree(exchange.getRequestBody());
                if (body.path("options").path("cas").asInt(-1) == 0 && secrets.containsKey(secret)) {
                    answer(exchange, 400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
                } else {
                    secrets.put(secret, body.get("data"));
                    answer(exchange, 200, "{\"data\":{\"version\":1}}");
                }
            }
            case "DELETE" -> {
                if (!data) {
                    secrets.remove(secret); // metadata: every version and the metadata
                }
                answer(exchange, 204, null);
            }
            default -> answer(exchange, 405, "{\"errors\":[]}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void aSubjectsKeyIsMadeOnceAndFoundByItsReference() {
        var made = keys.keyOf("alice");
        var again = keys.keyOf("alice");
        assertEquals(made.ref(), again.ref());
        assertEquals(made.key(), again.key());
        assertEquals(made.key(), keys.keyByRef(made.ref()).orElseThrow());
        assertNotEquals(made.ref(), keys.keyOf("bob").ref());
        assertTrue(secrets.keySet().stream().noneMatch(path -> path.contains("alice")),
                "the subject's id names no secret in the vault: " + secrets.keySet());
    }

    @Test
    void erasureDestroysEveryVersionOfBothSecrets() {
        var made = keys.keyOf("alice");
        keys.keyOf("bob");
        assertEquals(made.ref(), keys.erase("alice").orElseThrow());
        assertTrue(keys.keyByRef(made.ref()).isEmpty());
        assertEquals(2, secrets.size(), "bob's two secrets stay: " + secrets.keySet());
        assertTrue(requests.stream().filter(r -> r.startsWith("DELETE")).allMatch(r -> r.contains("/metadata/")),
                "destroyed through the metadata, not KV's soft delete: " + requests);
        assertTrue(keys.erase("alice").isEmpty(), "erased once: nothing is left to find");
        assertNotEquals(made.ref(), keys.keyOf("alice").ref(), "a subject that comes back gets a new key");
    }

    @Test
    void twoInstancesMakingTheSameSubjectsKeyAgreeOnOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> refs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            VaultSubjectKeys instance = new VaultSubjectKeys(vault(TOKEN), json);
            refs.add(pool.submit(() -> {
                start.await();
                return instance.keyOf("carol").ref();
            }));
        }
        start.countDown();
        String first = refs.get(0).get();
        for (Future<String> ref : refs) {
            assertEquals(first, ref.get());
        }
        pool.shutdown();
        assertEquals(2, secrets.size(), "the losers' reference secrets are destroyed: " + secrets.keySet());
    }

    @Test
    void sealedValuesReadErasedOnceTheVaultDestroyedTheKey() {
        Sealing sealing = new Sealing(keys);
        String sealed = sealing.seal("alice", "rent flat 3B");
        assertEquals("rent flat 3B", new Sealing(keys).open(sealed));
        keys.erase("alice");
        assertEquals(PersonalData.ERASED, new Sealing(keys).open(sealed));
    }

    @Test
    void aVaultThatRefusesOrCannotBeReachedFailsClosed() {
        VaultSubjectKeys wrongToken = new VaultSubjectKeys(vault("s.wrong"), json);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> wrongToken.keyOf("alice"));
        assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        assertFalse(refused.getMessage().contains("s.wrong"), "the token never appears in an error");
        server.stop(0);
        assertThrows(IllegalStateException.class, () -> keys.keyByRef("anything"));
        assertThrows(IllegalStateException.class,
                () -> new VaultSubjectKeys(new PersonalDataSettings.Vault(null, null, null, null), json));
    }

    @Test
    void theVaultIsUsedWhereConfiguredAndNothingElseIsTakenForIt() {
        assertTrue(new PrivacyConfig().subjectKeyStore(new PersonalDataSettings("vault", vault(TOKEN)), null, null, json)
                instanceof VaultSubjectKeys);
        assertEquals("database", new PersonalDataSettings(null, null).keys());
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataSettings("files", null));
        assertFalse(vault(TOKEN).toString().contains(TOKEN), "settings never print the token");
    }
}
