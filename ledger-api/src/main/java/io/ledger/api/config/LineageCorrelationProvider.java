package io.ledger.api.config;

import io.ledger.messages.common.MetaDataKeys;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * Carries the request's lineage onto every message a message causes: the correlation id and the
 * principal with its scopes are copied, and the causation id names the causing message. Commands
 * sent by the saga and the events they cause therefore still name the HTTP request and its caller.
 */
public class LineageCorrelationProvider implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        var metaData = message.getMetaData();
        Object correlationId = metaData.get(MetaDataKeys.CORRELATION_ID);
        data.put(MetaDataKeys.CORRELATION_ID, correlationId != null ? correlationId : message.getIdentifier());
        data.put(MetaDataKeys.CAUSATION_ID, message.getIdentifier());
        copy(metaData, data, MetaDataKeys.PRINCIPAL);
        copy(metaData, data, MetaDataKeys.SCOPES);
        return data;
    }

    private static void copy(Map<String, ?> from, Map<String, Object> to, String key) {
        Object value = from.get(key);
        if (value != null) {
            to.put(key, value);
        }
    }
}
