package io.chatrelay.infra.junit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RelayInfraExtension.class)
class SharedInfraSecondIT {

    private static RelayInfra fromBeforeAll;

    @BeforeAll
    static void capture(RelayInfra infra) {
        fromBeforeAll = infra;
    }

    @Test
    void shouldHandTheSameInfraToBeforeAllAndTestMethod(RelayInfra fromMethod) {
        assertThat(fromMethod).isSameAs(fromBeforeAll);
        SharedInfraWitness.assertSameAsEveryOtherClass(fromMethod);
    }
}
