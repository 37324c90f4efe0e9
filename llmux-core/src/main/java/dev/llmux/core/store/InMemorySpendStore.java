package dev.llmux.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link SpendStore} in process: accounts per key and period behind one lock. */
final class InMemorySpendStore implements SpendStore {

  private static final class Account {
    final @Nullable Instant resetsAt;
    long spent;
    long reserved;

    Account(@Nullable Instant resetsAt) {
      this.resetsAt = resetsAt;
    }
  }

  private final Object lock = new Object();
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, Reservation> open = new HashMap<>();
  private long ops;

  @Override
  public ReserveResult reserve(List<BudgetKey> keys, long amount, Instant now) {
    Objects.requireNonNull(now, "now");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, got " + amount);
    }
    synchronized (lock) {
      maybeSweep(now);
      for (BudgetKey k : keys) {
        raise(k);
      }
      Map<String, Long> pending = keys.size() > 1 ? new HashMap<>() : null;
      for (int i = 0; i < keys.size(); i++) {
        BudgetKey k = keys.get(i);
        Account a = accounts.get(k.account());
        long before = pending == null ? 0 : pending.getOrDefault(k.account(), 0L);
        long spent = a == null ? 0 : a.spent;
        long reserved = (a == null ? 0 : a.reserved) + before;
        long committed = spent + reserved;
        if (committed >= k.max() || amount > k.max() - committed) {
          return ReserveResult.denied(i, spent, reserved);
        }
        if (pending != null) {
          pending.merge(k.account(), amount, Long::sum);
        }
      }
      for (BudgetKey k : keys) {
        accounts.computeIfAbsent(k.account(), x -> new Account(k.resetsAt())).reserved += amount;
      }
      Reservation r = new Reservation(UUID.randomUUID().toString(), keys, amount);
      open.put(r.id(), r);
      return ReserveResult.granted(r);
    }
  }

  @Override
  public List<Long> settle(Reservation reservation, long actual, Instant now) {
    long a = Math.max(0, actual);
    synchronized (lock) {
      if (open.remove(reservation.id()) == null) {
        return List.of();
      }
      List<Long> out = new ArrayList<>(reservation.keys().size());
      for (BudgetKey k : reservation.keys()) {
        Account acc = accounts.computeIfAbsent(k.account(), x -> new Account(k.resetsAt()));
        acc.reserved = Math.max(0, acc.reserved - reservation.amount());
        acc.spent = saturatedAdd(Math.max(acc.spent, k.floor()), a);
        out.add(acc.spent);
      }
      return out;
    }
  }

  @Override
  public void release(Reservation reservation) {
    synchronized (lock) {
      if (open.remove(reservation.id()) == null) {
        return;
      }
      for (BudgetKey k : reservation.keys()) {
        Account acc = accounts.get(k.account());
        if (acc != null) {
          acc.reserved = Math.max(0, acc.reserved - reservation.amount());
        }
      }
    }
  }

  @Override
  public List<Long> record(List<BudgetKey> keys, long amount, Instant now) {
    long a = Math.max(0, amount);
    synchronized (lock) {
      List<Long> out = new ArrayList<>(keys.size());
      for (BudgetKey k : keys) {
        Account acc = accounts.computeIfAbsent(k.account(), x -> new Account(k.resetsAt()));
        acc.spent = saturatedAdd(Math.max(acc.spent, k.floor()), a);
        out.add(acc.spent);
      }
      return out;
    }
  }

  /** Raises the account's spend to the key's durable floor (creating the account if needed). */
  private void raise(BudgetKey k) {
    if (k.floor() > 0) {
      Account acc = accounts.computeIfAbsent(k.account(), x -> new Account(k.resetsAt()));
      acc.spent = Math.max(acc.spent, k.floor());
    }
  }

  @Override
  public Balance balance(BudgetKey key, Instant now) {
    synchronized (lock) {
      Account a = accounts.get(key.account());
      if (a == null) {
        return key.floor() > 0 ? new Balance(key.floor(), 0) : Balance.ZERO;
      }
      return new Balance(Math.max(a.spent, key.floor()), a.reserved);
    }
  }

  private static long saturatedAdd(long x, long y) {
    long r = x + y;
    return r < x ? Long.MAX_VALUE : r;
  }

  /** Every 1024 reservations, forgets accounts whose period ended and that hold nothing. */
  private void maybeSweep(Instant now) {
    if ((++ops & 1023) != 0) {
      return;
    }
    for (Iterator<Account> it = accounts.values().iterator(); it.hasNext(); ) {
      Account a = it.next();
      if (a.resetsAt != null && !a.resetsAt.isAfter(now) && a.reserved == 0) {
        it.remove();
      }
    }
  }

  /** For tests: accounts kept. */
  int accountCount() {
    synchronized (lock) {
      return accounts.size();
    }
  }
}
