package io.ledger.command.account;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.CheckOwnerLimitsCommand;
import io.ledger.messages.account.CountOwnerUsageCommand;
import io.ledger.messages.account.GiveBackOwnerUsageCommand;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.OwnerLimitRefusedEvent;
import io.ledger.messages.account.OwnerLimitsSetEvent;
import io.ledger.messages.account.OwnerUsageCountedEvent;
import io.ledger.messages.account.OwnerUsageGivenBackEvent;
import io.ledger.messages.account.OwnerUsageSeededEvent;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.SetOwnerLimitsCommand;
import io.ledger.messages.account.UsedHour;
import io.ledger.messages.account.WindowLimit;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** An owner's limits (ADR 0034): set with what came before, asked, counted, given back, in rolling windows. */
class OwnerLimitsTest {

    private static final String KEY = "owner:ref:USD";
    private static final Instant T0 = Instant.parse("2026-12-01T10:30:00Z");
    private static final AccountLimits DAY_100 =
            new AccountLimits(null, List.of(new WindowLimit(LimitWindow.DAY, usd(10_000), 3)));
    private static final OwnerLimitsSetEvent SET = new OwnerLimitsSetEvent(KEY, "alice", "USD", DAY_100);

    private AggregateTestFixture<OwnerLimits> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OwnerLimits.class);
        // Sets the limits and tells the owner's accounts (none here: AccountLimitsTest has the account's side).
        fixture.registerAnnotatedCommandHandler(new OwnerLimitsHandler(null, fixture.getRepository()));
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    @Test
    void setForTheFirstTimeTheLimitsCountWhatTheOwnersAccountsPaidBeforeAndOnlyThen() {
        List<UsedHour> seed = List.of(new UsedHour(Instant.parse("2026-12-01T09:00:00Z"), usd(6_000), 2));
        fixture.givenCurrentTime(T0).andGiven(List.of())
                .when(new SetOwnerLimitsCommand(KEY, "alice", "USD", DAY_100, seed, List.of()))
                .expectEvents(SET, new OwnerUsageSeededEvent(KEY, seed));
        fixture.givenCurrentTime(T0).andGiven(SET)
                .when(new SetOwnerLimitsCommand(KEY, "alice", "USD", AccountLimits.NONE, seed, List.of()))
                .expectEvents(new OwnerLimitsSetEvent(KEY, "alice", "USD", AccountLimits.NONE));
        // The seed counts: 60.00 and two payments of the day's 100.00 and three are gone.
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageSeededEvent(KEY, seed))
                .when(new CheckOwnerLimitsCommand(KEY, "p1", usd(4_001)))
                .expectEvents(new OwnerLimitRefusedEvent(KEY, "p1", usd(4_001)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, false));
    }

    @Test
    void whatFitsIsAnsweredWithoutAnEventAndCountedAfterwards() {
        fixture.givenCurrentTime(T0).andGiven(SET)
                .when(new CheckOwnerLimitsCommand(KEY, "p1", usd(10_000)))
                .expectNoEvents()
                .expectResultMessagePayload(new OwnerVerdict(KEY, true));
        fixture.givenCurrentTime(T0).andGiven(SET)
                .when(new CountOwnerUsageCommand(KEY, "p1", usd(10_000)))
                .expectEvents(new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)));
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)))
                .when(new CheckOwnerLimitsCommand(KEY, "p2", usd(1)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, false));
    }

    @Test
    void theCountOfPaymentsIsALimitToo() {
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(1)),
                        new OwnerUsageCountedEvent(KEY, "p2", usd(1)), new OwnerUsageCountedEvent(KEY, "p3", usd(1)))
                .when(new CheckOwnerLimitsCommand(KEY, "p4", usd(1)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, false));
    }

    @Test
    void aGiveBackMakesRoomInTheHourItWasCountedAndAPartialOneKeepsThePayment() {
        Instant counted = Instant.parse("2026-12-01T10:00:00Z");
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)),
                        new OwnerUsageGivenBackEvent(KEY, "p1", usd(10_000), counted, true))
                .when(new CheckOwnerLimitsCommand(KEY, "p2", usd(10_000)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, true));
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)))
                .when(new GiveBackOwnerUsageCommand(KEY, "p1", usd(4_000), counted, false))
                .expectEvents(new OwnerUsageGivenBackEvent(KEY, "p1", usd(4_000), counted, false));
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)),
                        new OwnerUsageGivenBackEvent(KEY, "p1", usd(4_000), counted, false))
                .when(new CheckOwnerLimitsCommand(KEY, "p2", usd(4_001)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, false));
    }

    @Test
    void theDayRollsOn() {
        fixture.givenCurrentTime(T0).andGiven(SET, new OwnerUsageCountedEvent(KEY, "p1", usd(10_000)))
                .andGivenCurrentTime(T0.plus(Duration.ofHours(26)))
                .when(new CheckOwnerLimitsCommand(KEY, "p2", usd(10_000)))
                .expectResultMessagePayload(new OwnerVerdict(KEY, true));
    }

    @Test
    void limitsThatCannotBeMeantOrInAnotherCurrencyAreRefused() {
        fixture.givenCurrentTime(T0).andGiven(SET)
                .when(new SetOwnerLimitsCommand(KEY, "alice", "EUR", AccountLimits.NONE, List.of(), List.of()))
                .expectException(LedgerException.class)
                .expectNoEvents();
        fixture.givenCurrentTime(T0).andGiven(List.of())
                .when(new SetOwnerLimitsCommand(KEY, "alice", "USD",
                        new AccountLimits(Money.ofMinor(-1, "USD"), List.of()), List.of(), List.of()))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void aKeyThatIsNotAnOwnersIsRefusedForItCouldBeAnAccountsStream() {
        fixture.givenCurrentTime(T0).andGiven(List.of())
                .when(new SetOwnerLimitsCommand("alice-usd", "alice", "USD", DAY_100, List.of(), List.of()))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("owner and currency"));
    }
}
