package io.chatrelay.infra.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link RelayInfra}: one Kafka broker and one Redis per test JVM, shared by every
 * test class that uses this extension and closed when all tests of the JVM have run.
 *
 * <pre>{@code
 * @ExtendWith(RelayInfraExtension.class)
 * class ChatFlowIT {
 *     @Test
 *     void shouldRelayMessage(RelayInfra infra) {
 *         String topic = infra.createTopic(infra.uniqueName("chat-messages"), 3);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>{@code RelayInfra} can be a parameter of a test class constructor, a {@code @BeforeAll} /
 * {@code @BeforeEach} method or a test method.
 */
public final class RelayInfraExtension implements ParameterResolver, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RelayInfraExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RelayInfra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return infra(extensionContext);
    }

    /** The shared servers, also for {@link FixtureResolver}s. */
    static RelayInfra infra(ExtensionContext context) {
        // The root context's store lives as long as the test run of this JVM and closes its
        // AutoCloseable values at the end, which is exactly the lifetime of the shared servers.
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(RelayInfra.class, key -> new RelayInfra(System.getenv()), RelayInfra.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RelayInfra infra = context.getRoot().getStore(NAMESPACE).get(RelayInfra.class, RelayInfra.class);
        if (infra != null) {
            infra.restartStoppedServers();
        }
    }
}
