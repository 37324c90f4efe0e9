package dev.llmux.facade;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code server.header_timeout}: closes connections that take too long to send a request's line and
 * headers. Jetty's idle timeout restarts at every byte, so a client that trickles one header line
 * every few seconds (slowloris) kept its connection, and enough of them kept every other client
 * out. Jetty 12 has no deadline for the request head; this adds one.
 *
 * <p>A periodic sweep over the open connections of every connector (on Jetty's scheduler, a few
 * times per timeout) looks at each HTTP/1.1 connection's parser: a connection whose request head is
 * partly received, or that has sent nothing since it opened, for longer than the timeout is closed.
 * While {@code max_connections} is reached, the timeout drops to {@code idle_timeout_at_limit}, as
 * Jetty's {@link NetworkConnectionLimit} does for idle timeouts. A keep-alive connection waiting
 * for its next request is left to {@code read_timeout}; a request whose head arrived is left to the
 * body limits.
 */
final class HeaderTimeouts extends AbstractLifeCycle implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HeaderTimeouts.class);

  private final Server server;
  private final long timeoutNanos;
  private final long atLimitNanos;
  private final long periodMillis;

  /** Connections seen receiving a request head: when first seen, for which request. */
  private Map<Connection, Seen> seen = new HashMap<>();

  private volatile Scheduler.Task next;

  private record Seen(long requests, long sinceNanos) {}

  HeaderTimeouts(Server server, long timeoutMillis, long atLimitMillis) {
    this.server = server;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.atLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(atLimitMillis, timeoutMillis));
    this.periodMillis = Math.max(100, Math.min(1000, Math.min(timeoutMillis, atLimitMillis) / 4));
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task t = next;
    if (t != null) {
      t.cancel();
    }
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = server.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } catch (RuntimeException e) {
      log.warn("header timeout sweep failed", e);
    } finally {
      schedule();
    }
  }

  /** Closes the connections over their header deadline at {@code now}; returns how many. */
  int sweep(long now) {
    long nowMillis = System.currentTimeMillis();
    long limit = atLimit() ? atLimitNanos : timeoutNanos;
    Map<Connection, Seen> still = new HashMap<>();
    int closed = 0;
    for (Connector connector : server.getConnectors()) {
      for (EndPoint ep : connector.getConnectedEndPoints()) {
        if (!(ep.getConnection() instanceof HttpConnection c)) {
          continue;
        }
        HttpParser p = c.getParser();
        long requests = c.getMessagesIn();
        long age;
        if (p.isStart()) {
          if (requests > 0) {
            continue; // keep-alive, waiting for its next request: read_timeout applies
          }
          // has sent nothing since it opened
          age = TimeUnit.MILLISECONDS.toNanos(nowMillis - ep.getCreatedTimeStamp());
        } else if (p.inHeaderState()) {
          Seen s = seen.get(c);
          long since = s != null && s.requests() == requests ? s.sinceNanos() : now;
          still.put(c, new Seen(requests, since));
          age = now - since;
        } else {
          continue; // the head arrived: the body limits and the request's own timeouts apply
        }
        if (age >= limit) {
          closed++;
          ep.close(
              new java.util.concurrent.TimeoutException("request headers not received in time"));
        }
      }
    }
    seen = still;
    if (closed > 0) {
      log.debug("closed {} connection(s) that did not send their request headers in time", closed);
    }
    return closed;
  }

  private boolean atLimit() {
    NetworkConnectionLimit l = server.getBean(NetworkConnectionLimit.class);
    return l != null
        && l.getNetworkConnectionCount() + l.getPendingNetworkConnectionCount()
            >= l.getMaxNetworkConnectionCount();
  }
}
