package io.chatrelay.infra.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RelayInfraExtension.class)
class SharedInfraFirstIT {

    private final RelayInfra fromConstructor;

    SharedInfraFirstIT(RelayInfra infra) {
        this.fromConstructor = infra;
    }

    @Test
    void shouldHandTheSameInfraToConstructorAndTestMethod(RelayInfra fromMethod) {
        assertThat(fromMethod).isSameAs(fromConstructor);
        SharedInfraWitness.assertSameAsEveryOtherClass(fromMethod);
    }
}
