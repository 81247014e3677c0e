package io.chatrelay.reliability.testing;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** This JVM's heap, threads and open files, as a leak check sees them. */
public final class JvmStats {

  private JvmStats() {}

  /** Heap in use right after a full collection, in MiB: what is really retained. */
  public static long heapAfterGcMiB() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  /** Heap in use now, in MiB, without collecting. */
  public static long heapNowMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  public static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Open file descriptors of this process (Linux), or -1 elsewhere. */
  public static int openFiles() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** Open file descriptors of another process (Linux), or -1. */
  public static int openFiles(long pid) {
    String[] fds = new File("/proc/" + pid + "/fd").list();
    return fds == null ? -1 : fds.length;
  }
}
