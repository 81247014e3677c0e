package io.chatrelay.infra.junit;

import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test that asks for one its own fixture built on the shared {@link RelayInfra}, and closes it when the
 * test ends, so test classes need no set-up and tear-down pair for their fixture. A module's fixture declares its
 * resolver once:
 *
 * <pre>{@code
 * static final class PerTest extends FixtureResolver<ToolFixture> {
 *     PerTest() {
 *         super(ToolFixture.class, ToolFixture::new);
 *     }
 * }
 * }</pre>
 *
 * <p>and a test class names it in {@code @ExtendWith} and takes the fixture as a parameter of a test method or of a
 * {@code @BeforeEach} method. Those parameters are resolved in the test's own context, whose store closes the
 * fixture after the test's {@code @AfterEach} methods have run.
 *
 * @param <T> the fixture
 */
public abstract class FixtureResolver<T extends AutoCloseable> implements ParameterResolver {

    private final Class<T> type;
    private final Function<RelayInfra, T> create;

    protected FixtureResolver(Class<T> type, Function<RelayInfra, T> create) {
        this.type = type;
        this.create = create;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext.Store store = extensionContext.getStore(ExtensionContext.Namespace.create(getClass()));
        return store.getOrComputeIfAbsent(type, key -> create.apply(RelayInfraExtension.infra(extensionContext)), type);
    }
}
