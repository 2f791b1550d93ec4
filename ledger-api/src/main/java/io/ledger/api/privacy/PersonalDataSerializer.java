package io.ledger.api.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.privacy.PersonalData;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event serializer, sealing personal data on its way into the store and opening it on its way out
 * (ADR 0021). What is sealed: every record component marked {@link PersonalData}, under the key of the
 * subject its annotation names, and the {@code principal} of every message's metadata, under its own key.
 * Everything else is the delegate's JSON, unchanged, so events written before sealing existed read as
 * they always did.
 *
 * <p>A sealed text component is stored as the sealed text; a sealed value of another type (a beneficiary)
 * as the sealed text of its JSON. Once the subject is erased a text reads {@link PersonalData#ERASED} and
 * any other value null.
 */
public class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final ObjectMapper mapper;
    private final Sealing sealing;
    private final Map<Class<?>, List<Sealed>> plans = new ConcurrentHashMap<>();

    public PersonalDataSerializer(Serializer delegate, ObjectMapper mapper, Sealing sealing) {
        this.delegate = delegate;
        this.mapper = mapper;
        this.sealing = sealing;
    }

    /** One sealed component: its name, the component naming its subject, and whether it is a text. */
    record Sealed(RecordComponent component, RecordComponent subject, boolean text) {

        /** Whether the component is its own subject: the subject's id (an owner, an initiator), ADR 0040. */
        boolean isOwnId() {
            return component.equals(subject);
        }
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object instanceof MetaData metaData && metaData.get(MetaDataKeys.PRINCIPAL) instanceof String principal
                && !Sealing.isSealed(principal) && !PersonalData.ERASED.equals(principal)) {
            return delegate.serialize(metaData.and(MetaDataKeys.PRINCIPAL, sealing.sealOwnId(principal)),
                    expectedRepresentation);
        }
        List<Sealed> plan = object == null ? List.of() : plan(object.getClass());
        if (plan.isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = mapper.valueToTree(object);
        for (Sealed sealed : plan) {
            JsonNode value = tree.get(sealed.component().getName());
            if (value == null || value.isNull()) {
                continue;
            }
            String subject = (String) read(object, sealed.subject());
            if (PersonalData.ERASED.equals(subject) || sealed.text() && PersonalData.ERASED.equals(value.asText())) {
                // Written again from what an erasure left (a saga acting on an erased subject's event): nothing
                // personal is left to seal, and no key is made for the marker.
                tree.set(sealed.component().getName(),
                        sealed.text() ? TextNode.valueOf(PersonalData.ERASED) : NullNode.getInstance());
                continue;
            }
            String clear = sealed.text() ? value.asText() : write(value);
            tree.put(sealed.component().getName(),
                    sealed.isOwnId() ? sealing.sealOwnId(subject) : sealing.seal(subject, clear));
        }
        byte[] bytes = bytes(tree);
        return new SimpleSerializedObject<>(getConverter().convert(bytes, byte[].class, expectedRepresentation),
                expectedRepresentation, typeForClass(object.getClass()));
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        if (MetaData.class.equals(type)) {
            MetaData metaData = delegate.deserialize(serializedObject);
            if (metaData.get(MetaDataKeys.PRINCIPAL) instanceof String principal && Sealing.isSealed(principal)) {
                metaData = metaData.and(MetaDataKeys.PRINCIPAL, sealing.open(principal));
            }
            @SuppressWarnings("unchecked")
            T opened = (T) metaData;
            return opened;
        }
        List<Sealed> plan = plan(type);
        if (plan.isEmpty()) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode read = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), JsonNode.class);
        // Opened in place where the tree is this read's own (parsed from the stored bytes); a tree handed in is
        // someone else's, and must stay sealed.
        ObjectNode tree = read == serializedObject.getData() ? read.deepCopy() : (ObjectNode) read;
        for (Sealed sealed : plan) {
            JsonNode value = tree.get(sealed.component().getName());
            if (value == null || !value.isTextual() || !Sealing.isSealed(value.asText())) {
                continue; // absent, or written before sealing existed
            }
            String clear = sealing.open(value.asText());
            boolean erased = PersonalData.ERASED.equals(clear);
            tree.set(sealed.component().getName(), sealed.text() ? TextNode.valueOf(clear)
                    : erased ? NullNode.getInstance() : parse(clear));
        }
        return delegate.deserialize(new SimpleSerializedObject<>(tree, JsonNode.class, serializedObject.getType()));
    }

    private List<Sealed> plan(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return List.of();
        }
        return plans.computeIfAbsent(type, PersonalDataSerializer::planOf);
    }

    /** The record's sealed components, checked once per class: a subject must be a sealed text itself. */
    static List<Sealed> planOf(Class<?> type) {
        List<Sealed> plan = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent component : components) {
            PersonalData marked = component.getAnnotation(PersonalData.class);
            if (marked == null) {
                continue;
            }
            RecordComponent subject = component;
            if (!marked.subject().isEmpty()) {
                subject = null;
                for (RecordComponent candidate : components) {
                    if (candidate.getName().equals(marked.subject())) {
                        subject = candidate;
                    }
                }
                if (subject == null || subject.getType() != String.class
                        || subject.getAnnotation(PersonalData.class) == null
                        || !subject.getAnnotation(PersonalData.class).subject().isEmpty()) {
                    throw new IllegalStateException(type.getName() + "." + component.getName()
                            + ": its subject must be a text component that is personal data and its own subject");
                }
            } else if (component.getType() != String.class) {
                throw new IllegalStateException(type.getName() + "." + component.getName()
                        + ": only a text can be its own data subject");
            }
            plan.add(new Sealed(component, subject, component.getType() == String.class));
        }
        return List.copyOf(plan);
    }

    private static Object read(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(JsonNode value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sealed value opened to text that is not JSON", e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
