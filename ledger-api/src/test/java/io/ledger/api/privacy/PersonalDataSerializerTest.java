package io.ledger.api.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledger.api.config.AxonConfig;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.privacy.PersonalData;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sealing on the way into the store, opening on the way out, and what erasure leaves (ADR 0021). */
class PersonalDataSerializerTest {

    /** Keys in memory: the rules under test are the serializer's; DataSubjectErasureIT runs the table. */
    static final class MemoryKeys implements SubjectKeyStore {
        final Map<String, SubjectKey> bySubject = new HashMap<>();
        final SecureRandom random = new SecureRandom();

        @Override
        public SubjectKey keyOf(String subjectId) {
            return bySubject.computeIfAbsent(subjectId, s -> {
                byte[] key = new byte[32];
                random.nextBytes(key);
                return new SubjectKey(UUID.randomUUID().toString().replace("-", ""), new SecretKeySpec(key, "AES"));
            });
        }

        @Override
        public Optional<SecretKey> keyByRef(String ref) {
            return bySubject.values().stream().filter(k -> k.ref().equals(ref)).map(SubjectKey::key).findFirst();
        }

        @Override
        public Optional<String> erase(String subjectId) {
            return Optional.ofNullable(bySubject.remove(subjectId)).map(SubjectKey::ref);
        }
    }

    private final MemoryKeys keys = new MemoryKeys();
    private final Sealing sealing = new Sealing(keys);
    private final ObjectMapper mapper = new AxonConfig().axonObjectMapper();
    private final JacksonSerializer jackson = JacksonSerializer.builder().objectMapper(mapper).build();
    private final PersonalDataSerializer serializer = new PersonalDataSerializer(jackson, mapper, sealing);

    private static final Beneficiary CLARA = new Beneficiary("Clara Schmidt", "DE89370400440532013000", "COBADEFFXXX");

    private static PayoutInitiatedEvent payout(Beneficiary beneficiary, String remittance, String initiatedBy) {
        return new PayoutInitiatedEvent("po-1", "alice-eur", "clearing-eur", Money.ofMinor(12_345, "EUR"), beneficiary,
                remittance, "key-1", "fingerprint", initiatedBy, null);
    }

    private String stored(Object object) {
        return new String(serializer.serialize(object, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private <T> T read(String json, Class<T> type) {
        SerializedObject<byte[]> stored = new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                serializer.typeForClass(type));
        return serializer.deserialize(stored);
    }

    @Test
    void personalDataIsStoredSealedAndReadInClear() {
        PayoutInitiatedEvent event = payout(CLARA, "rent for Clara", "alice");
        String json = stored(event);
        for (String clear : new String[] {"Clara", "DE89370400440532013000", "COBADEFFXXX", "rent for Clara", "alice\""}) {
            assertFalse(json.contains(clear), clear + " is in the stored event: " + json);
        }
        assertTrue(json.contains("\"debtorAccountId\":\"alice-eur\""), "what is not personal stays as it was: " + json);
        assertEquals(event, read(json, PayoutInitiatedEvent.class));

        AccountOpenedEvent opened = new AccountOpenedEvent("acc-1", "alice", "EUR", AccountType.WALLET, Money.zero("EUR"));
        String openedJson = stored(opened);
        assertFalse(openedJson.contains("\"alice\""), openedJson);
        assertEquals(opened, read(openedJson, AccountOpenedEvent.class));
    }

    @Test
    void aTreeHandedInIsOpenedOnACopyAndStaysSealed() throws Exception {
        PayoutInitiatedEvent event = payout(CLARA, "rent for Clara", "alice");
        com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(stored(event));
        String before = tree.toString();

        PayoutInitiatedEvent opened = serializer.deserialize(new SimpleSerializedObject<>(tree,
                com.fasterxml.jackson.databind.JsonNode.class, serializer.typeForClass(PayoutInitiatedEvent.class)));

        assertEquals(event, opened);
        assertEquals(before, tree.toString(), "the tree handed in still holds only sealed values");
    }

    @Test
    void theSamePersonalDataSealsDifferentlyEachTime() {
        assertFalse(stored(payout(CLARA, "rent", "alice")).equals(stored(payout(CLARA, "rent", "alice"))),
                "a random nonce per value: equal values must not be linkable by their sealed form");
    }

    @Test
    void aSubjectsOwnIdSealsTheSameWhileRememberedAndItsOtherDataDoesNot() {
        // ADR 0040: the reference already names the subject, and a subject has one id.
        MetaData alice = MetaData.from(Map.of(MetaDataKeys.PRINCIPAL, "alice"));
        String first = sealedPrincipal(stored(alice));
        assertEquals(first, sealedPrincipal(stored(alice)));
        assertFalse(first.equals(sealedPrincipal(stored(MetaData.from(Map.of(MetaDataKeys.PRINCIPAL, "bob"))))));

        String one = stored(payout(CLARA, "rent", "alice"));
        String two = stored(payout(CLARA, "rent", "alice"));
        assertEquals(field(one, "initiatedBy"), field(two, "initiatedBy"));
        assertEquals(first, field(one, "initiatedBy"), "the principal and the initiator are the same id, sealed once");
        assertFalse(field(one, "remittanceInfo").equals(field(two, "remittanceInfo")),
                "any other value of the subject gets a nonce of its own: equal texts are not linkable");
        assertFalse(field(one, "beneficiary").equals(field(two, "beneficiary")));
        assertEquals("alice", read(one, PayoutInitiatedEvent.class).initiatedBy());

        String namedAfterHer = stored(payout(CLARA, "alice", "alice"));
        assertFalse(field(namedAfterHer, "remittanceInfo").equals(field(namedAfterHer, "initiatedBy")),
                "a text that merely equals the subject's id is no id: it must not tell that it does");
        assertEquals("alice", read(namedAfterHer, PayoutInitiatedEvent.class).remittanceInfo());
    }

    @Test
    void anErasedSubjectsIdIsNotSealedAgainUnderItsOldKey() {
        MetaData alice = MetaData.from(Map.of(MetaDataKeys.PRINCIPAL, "alice"));
        String before = stored(alice);
        String ref = keys.bySubject.get("alice").ref();
        keys.erase("alice");
        sealing.forget("alice", ref);
        String after = stored(alice);
        assertFalse(sealedPrincipal(after).contains(ref), "sealed under a new key, not the erased one: " + after);
        assertEquals(PersonalData.ERASED, read(before, MetaData.class).get(MetaDataKeys.PRINCIPAL));
        assertEquals("alice", read(after, MetaData.class).get(MetaDataKeys.PRINCIPAL));
    }

    private String sealedPrincipal(String metaDataJson) {
        return field(metaDataJson, MetaDataKeys.PRINCIPAL);
    }

    private String field(String json, String name) {
        try {
            String value = mapper.readTree(json).get(name).asText();
            assertTrue(Sealing.isSealed(value), name + " is sealed: " + json);
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anErasedSubjectsDataReadsErasedAndTheRestStays() {
        String payoutJson = stored(payout(CLARA, "rent", "alice"));
        String otherJson = stored(payout(CLARA, "rent", "bob"));
        String paymentJson = stored(new PaymentInitiatedEvent("p-1", "alice-eur", "bob-eur", Money.ofMinor(500, "EUR"),
                "dinner", "k", "f", "alice", null));
        keys.erase("alice");
        sealing.forget("alice", "gone"); // nothing was cached under a ref the test names; the key store decides

        PayoutInitiatedEvent erased = read(payoutJson, PayoutInitiatedEvent.class);
        assertNull(erased.beneficiary(), "a sealed value that is not a text reads null");
        assertEquals(Beneficiary.ERASED, Beneficiary.orErased(erased.beneficiary()));
        assertEquals(PersonalData.ERASED, erased.remittanceInfo());
        assertEquals(PersonalData.ERASED, erased.initiatedBy());
        assertEquals(Money.ofMinor(12_345, "EUR"), erased.amount(), "the money is not personal data: it stays");

        PaymentInitiatedEvent payment = read(paymentJson, PaymentInitiatedEvent.class);
        assertEquals(PersonalData.ERASED, payment.remittanceInfo());
        assertEquals("bob-eur", payment.creditorAccountId());

        assertEquals(CLARA, read(otherJson, PayoutInitiatedEvent.class).beneficiary(), "bob's own payout is not erased");
    }

    @Test
    void erasureIsInForceAtOnceOnTheInstanceThatErased() {
        String json = stored(payout(CLARA, "rent", "alice"));
        assertEquals("rent", read(json, PayoutInitiatedEvent.class).remittanceInfo()); // opened, and remembered
        String ref = keys.bySubject.get("alice").ref();
        keys.erase("alice");
        sealing.forget("alice", ref);
        assertEquals(PersonalData.ERASED, read(json, PayoutInitiatedEvent.class).remittanceInfo());
    }

    @Test
    void thePrincipalInMetadataIsSealedUnderItsOwnKey() {
        MetaData metaData = MetaData.from(Map.of(MetaDataKeys.PRINCIPAL, "alice", MetaDataKeys.CORRELATION_ID, "c-1"));
        String json = stored(metaData);
        assertFalse(json.contains("alice"), json);
        assertTrue(json.contains("c-1"), json);
        assertEquals(metaData, read(json, MetaData.class));
        String ref = keys.bySubject.get("alice").ref();
        keys.erase("alice");
        sealing.forget("alice", ref);
        assertEquals(PersonalData.ERASED, read(json, MetaData.class).get(MetaDataKeys.PRINCIPAL));
    }

    @Test
    void anAlteredSealedValueFailsLoudlyAndNeverReadsAsErased() {
        String json = stored(payout(CLARA, "rent", "alice"));
        String remittance = mapperValue(json, "remittanceInfo");
        char last = remittance.charAt(remittance.length() - 2);
        String altered = remittance.substring(0, remittance.length() - 2) + (last == 'A' ? 'B' : 'A')
                + remittance.charAt(remittance.length() - 1);
        assertThrows(IllegalStateException.class,
                () -> read(json.replace(remittance, altered), PayoutInitiatedEvent.class));
    }

    @Test
    void aSealedValueMovedUnderAnotherSubjectsReferenceDoesNotOpen() {
        String alice = mapperValue(stored(payout(CLARA, "rent", "alice")), "remittanceInfo");
        String bobJson = stored(payout(CLARA, "rent", "bob"));
        String bobRef = Sealing.refOf(mapperValue(bobJson, "remittanceInfo"));
        String moved = Sealing.PREFIX + bobRef + alice.substring(alice.indexOf('.', Sealing.PREFIX.length()));
        assertThrows(IllegalStateException.class, () -> read(
                bobJson.replace(mapperValue(bobJson, "remittanceInfo"), moved), PayoutInitiatedEvent.class));
    }

    @Test
    void eventsStoredBeforeSealingExistedReadAsTheyAlwaysDid() {
        String clear = new String(jackson.serialize(payout(CLARA, "rent", "alice"), byte[].class).getData(),
                StandardCharsets.UTF_8);
        assertTrue(clear.contains("Clara"));
        assertEquals(payout(CLARA, "rent", "alice"), read(clear, PayoutInitiatedEvent.class));
    }

    @Test
    void whatAnErasureLeftIsWrittenAgainAsItIsAndNoKeyIsMadeForIt() {
        String json = stored(payout(CLARA, PersonalData.ERASED, PersonalData.ERASED));
        assertTrue(json.contains("\"initiatedBy\":\"[erased]\""), json);
        assertTrue(json.contains("\"beneficiary\":null"), json);
        assertEquals(PersonalData.ERASED, read(json, PayoutInitiatedEvent.class).remittanceInfo());
        String meta = stored(MetaData.from(Map.of(MetaDataKeys.PRINCIPAL, PersonalData.ERASED)));
        assertTrue(meta.contains("[erased]"), meta);
        assertFalse(keys.bySubject.containsKey(PersonalData.ERASED), "no key for the marker");
    }

    @Test
    void personalDataWithoutItsSubjectIsRefusedNotStoredInClear() {
        assertThrows(IllegalStateException.class, () -> stored(payout(CLARA, "rent", null)));
    }

    record SubjectNotSealed(@PersonalData(subject = "owner") String note, String owner) {
    }

    record ValueAsItsOwnSubject(@PersonalData Beneficiary beneficiary) {
    }

    @Test
    void aSubjectLeftInClearBesideItsDataIsAMistakeFoundAtOnce() {
        assertThrows(IllegalStateException.class, () -> PersonalDataSerializer.planOf(SubjectNotSealed.class));
        assertThrows(IllegalStateException.class, () -> PersonalDataSerializer.planOf(ValueAsItsOwnSubject.class));
    }

    private String mapperValue(String json, String field) {
        try {
            return mapper.readTree(json).get(field).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
