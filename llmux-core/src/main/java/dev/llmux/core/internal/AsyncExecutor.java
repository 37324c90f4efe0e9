package dev.llmux.core.internal;

import dev.llmux.api.error.RateLimitException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the router's asynchronous work. Default: a virtual thread per task where the runtime has
 * them (Java 21+), else a bounded pool (256 threads, no queue): work beyond capacity is rejected
 * with a 429 instead of queueing without bound.
 */
public final class AsyncExecutor implements AutoCloseable {
  static final int MAX_PLATFORM_THREADS = 256;

  private final ExecutorService executor;
  private final boolean owned;

  public AsyncExecutor(ExecutorService executor, boolean owned) {
    this.executor = executor;
    this.owned = owned;
  }

  public static AsyncExecutor createDefault() {
    return new AsyncExecutor(virtualThreadsOrBoundedPool(), true);
  }

  static ExecutorService virtualThreadsOrBoundedPool() {
    try {
      Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              0,
              MAX_PLATFORM_THREADS,
              60,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              r -> {
                Thread t = new Thread(r, "llmux-async-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      return pool;
    }
  }

  public <T> CompletableFuture<T> supply(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(capacityExhausted(e));
    }
  }

  public void run(Runnable work) {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      throw capacityExhausted(e);
    }
  }

  @Override
  public void close() {
    if (owned) {
      executor.shutdown();
    }
  }

  /** Rejected async work surfaces as a cheap 429 rather than an unbounded queue. */
  private static RateLimitException capacityExhausted(RejectedExecutionException e) {
    return RateLimitException.rejected("router async capacity exhausted: " + e.getMessage(), null);
  }
}
