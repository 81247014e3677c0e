package io.chatrelay.launcher.testing;

import io.chatrelay.launcher.DevStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole product, started once per test JVM exactly as {@code ./relay dev} starts it (on free ports), and
 * stopped when the JVM's tests are done. Tests keep out of each other's way by using their own users and sessions.
 */
public final class SharedStack implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DevStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("stack", key -> new Resource(start()), Resource.class).stack;
  }

  /** A fresh stack with the settings tests use; callers that need their own (fault tests) close it themselves. */
  public static DevStack start(Map<String, String> overrides) {
    try {
      Path dir = Files.createTempDirectory("relay-stack");
      Map<String, String> env = new HashMap<>();
      env.put("HTTP_PORT", "0");
      env.put("PROJECTOR_OPS_PORT", "0");
      env.put("CONNECTOR_OPS_PORT", "0");
      env.put("EDGE_OPS_PORT", "0");
      env.put("RELAY_MODE", "dev");
      env.putAll(overrides);
      return DevStack.start(new DevStack.Options(dir, true, 0, 0), env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DevStack start() {
    return start(Map.of());
  }

  private record Resource(DevStack stack) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      stack.close();
    }
  }
}
