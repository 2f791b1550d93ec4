package io.ledger.api.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sealed values of a stored event read as now, for the reader of an audit export (ADR 0021): the
 * hashed payload and metadata keep their sealed text, and beside them {@code personalData} maps the JSON
 * pointer of each sealed value to its clear text, or {@code [erased]}. The view is not covered by the hash;
 * {@code verify-export} checks that it names sealed values only, so it cannot stand in for anything else.
 */
public final class OpenedView {

    private OpenedView() {
    }

    /** {@code {"payload":{pointer: text}, "metadata":{...}}} for a record holding sealed values; null otherwise. */
    public static Map<String, Map<String, String>> of(ObjectMapper json, Sealing sealing, String payload,
                                                      String metadata) {
        Map<String, String> openedPayload = new LinkedHashMap<>();
        Map<String, String> openedMetadata = new LinkedHashMap<>();
        open(json, sealing, payload, openedPayload);
        open(json, sealing, metadata, openedMetadata);
        return openedPayload.isEmpty() && openedMetadata.isEmpty() ? null
                : orderedView(openedPayload, openedMetadata);
    }

    private static Map<String, Map<String, String>> orderedView(Map<String, String> payload, Map<String, String> metadata) {
        Map<String, Map<String, String>> view = new LinkedHashMap<>();
        view.put("payload", payload);
        view.put("metadata", metadata);
        return view;
    }

    private static void open(ObjectMapper json, Sealing sealing, String text, Map<String, String> into) {
        if (text == null || !text.contains(Sealing.PREFIX)) {
            return;
        }
        try {
            walk(json.readTree(text), "", sealing, into);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }

    private static void walk(JsonNode node, String pointer, Sealing sealing, Map<String, String> into) {
        if (node.isTextual() && Sealing.isSealed(node.asText())) {
            into.put(pointer.isEmpty() ? "/" : pointer, sealing.open(node.asText()));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), sealing, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, sealing, into);
            }
        }
    }
}
