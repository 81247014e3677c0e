package io.chatrelay.infra.junit;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Remembers the first RelayInfra any test class saw, so later classes can check they got the same one. */
final class SharedInfraWitness {

    private static final AtomicReference<RelayInfra> FIRST_SEEN = new AtomicReference<>();

    private SharedInfraWitness() {
    }

    static void assertSameAsEveryOtherClass(RelayInfra infra) {
        RelayInfra earlier = FIRST_SEEN.compareAndExchange(null, infra);
        assertThat(infra).isSameAs(earlier == null ? infra : earlier);
    }
}
