package io.chatrelay.bench.internal;

/**
 * Where the child processes find their classes. Under {@code ./relay} the benchmark's own class path holds the whole
 * product; a test names the launcher's packaged jar (the product) and the module's classes (the load generator)
 * instead, through system properties.
 */
public final class Classpaths {

  public static final String PRODUCT_PROPERTY = "relay.bench.productClasspath";
  public static final String LOAD_PROPERTY = "relay.bench.loadClasspath";
  /** The launcher's entry point, named rather than linked: the launcher depends on this module, not the reverse. */
  public static final String RELAY_MAIN = "io.chatrelay.launcher.RelayMain";

  private Classpaths() {}

  public static String product() {
    return System.getProperty(PRODUCT_PROPERTY, System.getProperty("java.class.path"));
  }

  public static String load() {
    return System.getProperty(LOAD_PROPERTY, System.getProperty("java.class.path"));
  }
}
