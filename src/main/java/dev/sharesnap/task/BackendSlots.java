package dev.sharesnap.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One worker's task slots per backend. Each backend has its own limit of tasks running at once in
 * this replica (so 10,000 queued creates on one backend open at most that many operations, and a
 * slow backend does not hold the slots of a fast one); tasks whose backend is none of these share
 * the unassigned limit; all together stay within the total. It also remembers, per backend, whether
 * work may wait that no claim has looked for yet (a wake-up named it, or its last claim filled
 * every slot it asked for), so that a worker whose busy backend is full does not send a claim for
 * every wake-up of that backend. Slots can be held before their tasks start: by a claim in flight
 * (what it asked for) and by a hand-off (an API transaction that inserts its tasks already leased
 * to this worker, see {@link TaskWorker#reserve}); held slots count against the limits like running
 * tasks, so neither a claim nor a hand-off can take a slot the other holds. A slot stands for an
 * operation on the backend: a task whose driver call returned and that only writes its outcome
 * ({@link #backendDone}) gives its slot to the next task, up to a bound of such tasks at once (so a
 * worker's memory stays bounded, and when outcomes are written more slowly than the backend works,
 * the slots stay taken and new work waits queued).
 */
final class BackendSlots {

  /** The bucket of tasks whose backend this replica does not run (or that have none recorded). */
  static final String UNASSIGNED = "";

  private final Map<String, Integer> limits;
  private final int unassignedLimit;
  private final int total;
  private final int finishingLimit;
  private final Map<Long, String> running = new ConcurrentHashMap<>(); // holding a slot
  private final Set<Long> finishing = ConcurrentHashMap.newKeySet(); // writing its outcome
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> held = new HashMap<>(); // guarded by this
  private int heldTotal; // guarded by this

  /**
   * {@code finishingLimit}: tasks that may give their slot up while their outcome waits to be
   * written (see {@link #backendDone}).
   */
  BackendSlots(
      Map<String, Integer> limits, int unassignedLimit, OptionalInt total, int finishingLimit) {
    this.limits = new LinkedHashMap<>(limits);
    this.finishingLimit = finishingLimit;
    this.unassignedLimit = unassignedLimit;
    int sum = unassignedLimit + limits.values().stream().mapToInt(Integer::intValue).sum();
    this.total = total.orElse(sum);
    pending.addAll(limits.keySet());
  }

  /** Work may wait on {@code backend}; null or {@code ""} (or a backend not run here): on any. */
  void wake(String backend) {
    if (backend == null || !limits.containsKey(backend)) {
      pending.addAll(limits.keySet());
    } else {
      pending.add(backend);
    }
  }

  boolean anyPending() {
    return !pending.isEmpty();
  }

  /** Whether queued tasks of {@code backend} may wait (see {@link #wake}). */
  boolean pending(String backend) {
    return pending.contains(backend);
  }

  /**
   * What a claim should ask for now, or null when none is worth its write. The periodic sweep asks
   * for every free slot, the unassigned ones included (those tasks are rare, and finding them is a
   * scan of the queue; other claims ask for them only after a claim filled the unassigned slots, as
   * after an upgrade with old rows queued). A wake-up claims only for a backend with work waiting
   * and a batch of free slots: one when none of its tasks run, else half its limit (each claim is a
   * write).
   */
  synchronized TaskQueue.Slots plan(boolean sweep) {
    int totalFree = total - running.size() - heldTotal;
    if (totalFree <= 0) {
      return null;
    }
    Map<String, Integer> counts = new HashMap<>();
    running.values().forEach(b -> counts.merge(b, 1, Integer::sum));
    held.forEach((b, n) -> counts.merge(b, n, Integer::sum));
    boolean worth = sweep;
    List<String> names = new ArrayList<>(limits.size());
    List<Integer> free = new ArrayList<>(limits.size());
    for (Map.Entry<String, Integer> e : limits.entrySet()) {
      int run = counts.getOrDefault(e.getKey(), 0);
      int f = Math.min(Math.max(0, e.getValue() - run), totalFree);
      int batch = run == 0 ? 1 : Math.max(1, e.getValue() / 2);
      worth |= f >= batch && pending.contains(e.getKey());
      names.add(e.getKey());
      free.add(f);
    }
    int runUnassigned = counts.getOrDefault(UNASSIGNED, 0);
    int unassigned = Math.min(Math.max(0, unassignedLimit - runUnassigned), totalFree);
    boolean unassignedWaits = pending.contains(UNASSIGNED);
    worth |= unassignedWaits && unassigned >= (runUnassigned == 0 ? 1 : unassignedLimit / 2);
    if (!sweep && !unassignedWaits) {
      unassigned = 0;
    }
    int asked = unassigned + free.stream().mapToInt(Integer::intValue).sum();
    if (!worth || asked == 0) {
      return null; // a sweep while every backend is at its limit would be an empty write
    }
    return new TaskQueue.Slots(
        names.toArray(new String[0]), free.toArray(new Integer[0]), unassigned, totalFree);
  }

  /**
   * A claim for {@code slots} starts: it looks at every backend it asks slots of, and holds those
   * slots until {@link #claimEnded}.
   */
  synchronized void claiming(TaskQueue.Slots slots) {
    hold(UNASSIGNED, slots.unassigned());
    if (slots.unassigned() > 0) {
      pending.remove(UNASSIGNED);
    }
    for (int i = 0; i < slots.backends().length; i++) {
      hold(slots.backends()[i], slots.free()[i]);
      if (slots.free()[i] > 0) {
        pending.remove(slots.backends()[i]);
      }
    }
  }

  /** The claim for {@code slots} ended (its tasks started, or it failed): its slots are let go. */
  synchronized void claimEnded(TaskQueue.Slots slots) {
    letGo(UNASSIGNED, slots.unassigned());
    for (int i = 0; i < slots.backends().length; i++) {
      letGo(slots.backends()[i], slots.free()[i]);
    }
  }

  /**
   * Holds up to {@code wanted} free slots of {@code backend} for a hand-off; how many it got. A
   * backend not run here gets none (its tasks wait for the unassigned slots of a claim). (While the
   * backend is {@link #pending}, the hand-off's transaction fills these slots with its oldest
   * runnable tasks first, so a stream of new creates does not starve queued ones.)
   */
  synchronized int reserve(String backend, int wanted) {
    Integer limit = backend == null ? null : limits.get(backend);
    if (limit == null || wanted <= 0) {
      return 0;
    }
    int busy = held.getOrDefault(backend, 0);
    for (String b : running.values()) {
      if (b.equals(backend)) {
        busy++;
      }
    }
    int got =
        Math.max(0, Math.min(wanted, Math.min(limit - busy, total - running.size() - heldTotal)));
    hold(backend, got);
    return got;
  }

  /** Lets go of {@code n} slots of {@code backend} held by {@link #reserve}. */
  synchronized void unreserve(String backend, int n) {
    letGo(backend, n);
  }

  private void hold(String backend, int n) {
    if (n > 0) {
      held.merge(backend, n, Integer::sum);
      heldTotal += n;
    }
  }

  private void letGo(String backend, int n) {
    if (n > 0) {
      held.merge(backend, -n, (a, b) -> a + b == 0 ? null : a + b);
      heldTotal -= n;
    }
  }

  /**
   * A claim for {@code slots} returned {@code tasks}: a backend that got every slot it asked for
   * (or all, when the total ran out) may have more waiting.
   */
  void claimed(TaskQueue.Slots slots, List<Task> tasks) {
    Map<String, Integer> got = new HashMap<>();
    tasks.forEach(t -> got.merge(bucket(t.backend()), 1, Integer::sum));
    boolean totalFull = tasks.size() >= slots.total();
    for (int i = 0; i < slots.backends().length; i++) {
      int asked = slots.free()[i];
      if (asked > 0 && (totalFull || got.getOrDefault(slots.backends()[i], 0) >= asked)) {
        pending.add(slots.backends()[i]);
      }
    }
    int asked = slots.unassigned();
    if (asked > 0 && (totalFull || got.getOrDefault(UNASSIGNED, 0) >= asked)) {
      pending.add(UNASSIGNED);
    }
  }

  /**
   * Counts {@code task} as running here; false when it already is (its own lease taken back). A
   * task started for held slots counts twice until they are let go (never less than it runs).
   */
  synchronized boolean start(Task task) {
    return !finishing.contains(task.id())
        && running.putIfAbsent(task.id(), bucket(task.backend())) == null;
  }

  /**
   * {@code task}'s backend work is over and only its outcome remains to be written: it gives its
   * slot up (true), unless the finishing limit of such tasks is reached, when it keeps the slot
   * until it ends. It still runs here (its lease is renewed) until {@link #end}.
   */
  synchronized boolean backendDone(Task task) {
    if (finishing.size() >= finishingLimit || running.remove(task.id()) == null) {
      return false;
    }
    finishing.add(task.id());
    return true;
  }

  synchronized void end(Task task) {
    if (running.remove(task.id()) == null) {
      finishing.remove(task.id());
    }
  }

  /** The tasks running here, those writing their outcome included (their leases are renewed). */
  List<Long> runningIds() {
    List<Long> ids = new ArrayList<>(running.keySet());
    ids.addAll(finishing);
    return ids;
  }

  int runningCount() {
    return running.size() + finishing.size();
  }

  private String bucket(String backend) {
    return backend != null && limits.containsKey(backend) ? backend : UNASSIGNED;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    limits.forEach((b, n) -> out.append(b).append(' ').append(n).append(", "));
    return out + "unassigned " + unassignedLimit + "; total " + total;
  }
}
