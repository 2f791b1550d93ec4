package io.ledger.query.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A payment's metadata as a JSON object of strings, keys sorted: how the read model keeps it (jsonb), and the
 * batch lane's queued items too (PaymentBatches).
 */
public final class Metadata {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private Metadata() {
    }

    public static String toJson(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> fromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored payment metadata is not a JSON object of strings", e);
        }
    }
}
