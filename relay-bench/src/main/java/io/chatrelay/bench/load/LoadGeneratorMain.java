package io.chatrelay.bench.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chatrelay.bench.load.internal.ConnectRun;
import io.chatrelay.bench.load.internal.ExchangeRun;
import io.chatrelay.bench.load.internal.ProduceRun;
import io.chatrelay.bench.load.internal.RestRun;
import io.chatrelay.bench.load.internal.StreamsRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The load generator: a process of its own, so its work and garbage never share a JVM with what it measures.
 * {@code LoadGeneratorMain TASK PLAN.json REPORT.json} reads the plan, prints progress on stdout, writes the report
 * and exits 0 (1 when the task failed, with the reason on stderr).
 */
public final class LoadGeneratorMain {

  /** A JSON mapper both sides of the plan and report files use. */
  public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private LoadGeneratorMain() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: LoadGeneratorMain exchange|connect|rest|produce|streams PLAN.json REPORT.json");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      Object report = run(args[0], Path.of(args[1]), out);
      JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[2]).toFile(), report);
      System.exit(0);
    } catch (Exception e) {
      System.err.println("load generator failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static Object run(String task, Path plan, PrintStream out) throws Exception {
    return switch (task) {
      case "exchange" -> new ExchangeRun(read(plan, ExchangePlan.class), out).run();
      case "connect" -> new ConnectRun(read(plan, ConnectPlan.class), out, commands()).run();
      case "rest" -> new RestRun(read(plan, RestPlan.class), out).run();
      case "produce" -> new ProduceRun(read(plan, ProducePlan.class), out).run();
      case "streams" -> new StreamsRun(read(plan, StreamsPlan.class), out).run();
      default -> throw new IllegalArgumentException("unknown task " + task);
    };
  }

  private static <T> T read(Path file, Class<T> type) throws IOException {
    return JSON.readValue(file.toFile(), type);
  }

  private static BufferedReader commands() {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }
}
