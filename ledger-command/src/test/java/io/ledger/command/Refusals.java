package io.ledger.command;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a command's refusal by its stable code, for Axon's fixtures. */
public final class Refusals {

    private Refusals() {
    }

    public static Matcher<Throwable> refused(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable failure) {
                return failure instanceof LedgerException ledger && ledger.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a LedgerException " + code);
            }
        };
    }
}
