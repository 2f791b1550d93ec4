package io.ledger.api.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import io.ledger.audit.Canonical;

/**
 * Subjects' keys in a HashiCorp Vault KV version 2 mount (ADR 0021), out of the ledger database and its backups.
 * Two secrets per subject: {@code refs/<ref>} holds the key, found by the reference sealed values carry, and
 * {@code subjects/<SHA-256 of the subject id>} holds the reference and the key, found when sealing. Both are made
 * with check-and-set 0 (only if absent), so two instances making a subject's key at once agree on one. Erasure
 * destroys both through their metadata: every version, not KV's soft delete, which an operator could undo.
 *
 * <p>Vault's own deletion is not part of the database transaction: an erasure that fails after it leaves the
 * key gone and the read models not yet rewritten; a rebuild of the read models rewrites them.
 */
public class VaultSubjectKeys implements SubjectKeyStore {

    private static final int KEY_BYTES = 32;
    private static final int REF_BYTES = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PersonalDataSettings.Vault vault;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final SecureRandom random = new SecureRandom();

    public VaultSubjectKeys(PersonalDataSettings.Vault vault, ObjectMapper json) {
        if (vault == null || vault.address() == null || vault.token() == null || vault.token().isBlank()) {
            throw new IllegalStateException("LEDGER_PERSONAL_DATA_KEYS=vault needs LEDGER_VAULT_ADDR and LEDGER_VAULT_TOKEN");
        }
        this.vault = vault;
        this.json = json;
    }

    @Override
    public SubjectKey keyOf(String subjectId) {
        String subjectPath = subjectPath(subjectId);
        Optional<JsonNode> stored = read(subjectPath);
        if (stored.isPresent()) {
            return subjectKey(stored.get());
        }
        byte[] key = new byte[KEY_BYTES];
        byte[] refBytes = new byte[REF_BYTES];
        random.nextBytes(key);
        random.nextBytes(refBytes);
        String ref = Base64.getUrlEncoder().withoutPadding().encodeToString(refBytes);
        String encodedKey = Base64.getEncoder().encodeToString(key);
        // The reference's secret first: a subject's secret never names a key that cannot be found by reference.
        if (!createIfAbsent("refs/" + ref, json.createObjectNode().put("key", encodedKey))) {
            throw new IllegalStateException("a random key reference is taken in the vault");
        }
        if (!createIfAbsent(subjectPath, json.createObjectNode().put("ref", ref).put("key", encodedKey))) {
            destroy("refs/" + ref); // another instance made this subject's key first: use that one
        }
        return read(subjectPath).map(VaultSubjectKeys::subjectKey)
                .orElseThrow(() -> new IllegalStateException("a data subject key was not stored in the vault"));
    }

    @Override
    public Optional<SecretKey> keyByRef(String ref) {
        return read("refs/" + ref).map(data -> aes(data.path("key").asText()));
    }

    @Override
    public Optional<String> erase(String subjectId) {
        String subjectPath = subjectPath(subjectId);
        Optional<JsonNode> stored = read(subjectPath);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String ref = stored.get().path("ref").asText();
        destroy("refs/" + ref);
        destroy(subjectPath);
        return Optional.of(ref);
    }

    private String subjectPath(String subjectId) {
        byte[] digest = Canonical.sha256().digest(subjectId.getBytes(StandardCharsets.UTF_8));
        return "subjects/" + HexFormat.of().formatHex(digest);
    }

    private static SubjectKey subjectKey(JsonNode data) {
        return new SubjectKey(data.path("ref").asText(), aes(data.path("key").asText()));
    }

    private static SecretKey aes(String base64) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
    }

    /** The secret's current data, or empty when it does not exist (never written, or destroyed). */
    private Optional<JsonNode> read(String path) {
        HttpResponse<String> response = send(request("data/" + path).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read");
        JsonNode data = parse(response.body()).path("data").path("data");
        return data.isObject() ? Optional.of(data) : Optional.empty();
    }

    /** Writes the secret only if it does not exist yet (check-and-set 0); false if it did. */
    private boolean createIfAbsent(String path, ObjectNode data) {
        ObjectNode body = json.createObjectNode();
        body.putObject("options").put("cas", 0);
        body.set("data", data);
        HttpResponse<String> response = send(request("data/" + path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() == 400 && response.body().contains("check-and-set")) {
            return false;
        }
        expect(response, 200, "write");
        return true;
    }

    /** Deletes every version of the secret and its metadata: nothing is left to undelete. */
    private void destroy(String path) {
        HttpResponse<String> response = send(request("metadata/" + path).DELETE());
        if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
            expect(response, 204, "destroy");
        }
    }

    private HttpRequest.Builder request(String path) {
        String base = vault.address().toString().replaceAll("/+$", "");
        String mount = vault.mount() == null || vault.mount().isBlank() ? "secret" : vault.mount();
        String prefix = vault.path() == null || vault.path().isBlank() ? "ledger/data-subjects" : vault.path();
        String[] parts = path.split("/", 2);
        return HttpRequest.newBuilder(URI.create(base + "/v1/" + mount + "/" + parts[0] + "/" + prefix + "/" + parts[1]))
                .timeout(TIMEOUT)
                .header("X-Vault-Token", vault.token());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the key vault cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the key vault", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            // The vault's body may name the path; never the token, which is a header of ours.
            throw new IllegalStateException("the key vault refused a " + what + ": HTTP " + response.statusCode());
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the key vault answered something that is not JSON", e);
        }
    }
}
