package io.ledger.messages.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event as personal data: it is stored sealed under the key of one data subject
 * and reads as {@link #ERASED} (a text) or null (a value) once that subject has been erased (ADR 0021).
 * The event stays in the store and the audit chain, byte for byte; only the key is deleted.
 *
 * <p>{@link #subject()} names the component that holds the subject's id; empty when the component is itself
 * the subject's id (an owner id, an initiating principal). The subject component must be a text and must
 * itself be personal data, or sealing the value would leave the subject in clear beside it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** What an erased text reads as, everywhere: read models, responses, exports. Never a valid token subject. */
    String ERASED = "[erased]";

    /** The record component holding the data subject's id; empty: this component is the subject's id. */
    String subject() default "";
}
