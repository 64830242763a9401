package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a worker asks a claim for, from its per-backend limits and what it runs. */
class BackendSlotsTest {

  private long nextId = 1;

  private static BackendSlots slots(OptionalInt total) {
    return slots(total, 512);
  }

  private static BackendSlots slots(OptionalInt total, int finishingLimit) {
    Map<String, Integer> limits = new LinkedHashMap<>();
    limits.put("nfs", 8);
    limits.put("instant", 64);
    return new BackendSlots(limits, 2, total, finishingLimit);
  }

  private List<Task> run(BackendSlots slots, String backend, int n) {
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Task t =
          new Task(
              nextId++,
              TaskKind.SNAPSHOT_CREATE,
              UUID.randomUUID(),
              1,
              "r",
              null,
              false,
              "w",
              backend);
      assertTrue(slots.start(t));
      out.add(t);
    }
    return out;
  }

  @Test
  void backendAtItsLimit_isAskedForNothing_whileTheOthersAreAskedForTheirFreeSlots() {
    BackendSlots slots = slots(OptionalInt.empty());
    run(slots, "nfs", 8);
    run(slots, "instant", 10);
    TaskQueue.Slots plan = slots.plan(true);
    assertArrayEquals(new String[] {"nfs", "instant"}, plan.backends());
    assertArrayEquals(new Integer[] {0, 54}, plan.free());
    assertEquals(2, plan.unassigned());
    assertEquals(8 + 64 + 2 - 18, plan.total());
    BackendSlots roomy = slots(OptionalInt.of(100));
    run(roomy, "nfs", 8);
    run(roomy, "instant", 64);
    run(roomy, null, 2);
    assertNull(roomy.plan(true), "every backend at its limit: a sweep asks for nothing");
  }

  @Test
  void total_capsEveryBackend_andOldConcurrencySettingKeepsMeaningTheTotal() {
    BackendSlots slots = slots(OptionalInt.of(12));
    run(slots, "instant", 10);
    TaskQueue.Slots plan = slots.plan(true);
    assertArrayEquals(new Integer[] {2, 2}, plan.free());
    assertEquals(2, plan.total());
    run(slots, "nfs", 2);
    assertNull(slots.plan(true), "no slot left in all");
  }

  @Test
  void tasksOfUnknownBackends_countAsUnassigned_andAreClaimedBySweepsOnly() {
    BackendSlots slots = slots(OptionalInt.empty());
    run(slots, null, 1);
    run(slots, "retired", 1);
    assertEquals(0, slots.plan(true).unassigned());
    BackendSlots fresh = slots(OptionalInt.empty());
    assertEquals(0, fresh.plan(false).unassigned());
    assertEquals(2, fresh.plan(true).unassigned());
  }

  @Test
  void wakeUp_claimsOnlyForABackendWithWorkWaitingAndABatchFree() {
    BackendSlots slots = slots(OptionalInt.empty());
    run(slots, "instant", 64);
    TaskQueue.Slots first = slots.plan(false);
    slots.claiming(first);
    slots.claimed(first, List.of()); // nfs had nothing
    slots.claimEnded(first);
    assertNull(slots.plan(false), "nfs had nothing, instant is full");
    slots.wake("instant");
    assertNull(slots.plan(false), "instant is full, nfs has nothing waiting");
    slots.wake("nfs");
    assertEquals(8, slots.plan(false).free()[0]);
    List<Task> nfs = run(slots, "nfs", 5);
    assertNull(slots.plan(false), "3 free of nfs' 8 is less than half");
    slots.end(nfs.get(0));
    assertEquals(4, slots.plan(false).free()[0]);
  }

  @Test
  void claimThatFilledABackendsSlots_leavesItPending() {
    BackendSlots slots = slots(OptionalInt.empty());
    TaskQueue.Slots plan = slots.plan(false);
    slots.claiming(plan);
    assertFalse(slots.anyPending());
    slots.claimed(plan, run(slots, "nfs", 8));
    slots.claimEnded(plan);
    assertTrue(slots.anyPending());
    assertFalse(
        slots.start(
            new Task(
                1, TaskKind.SNAPSHOT_CREATE, UUID.randomUUID(), 1, "r", null, false, "w", "nfs")),
        "task 1 already runs here");
  }

  @Test
  void sweepThatFilledTheUnassignedSlots_letsTheNextClaimsAskForThemToo() {
    BackendSlots slots = slots(OptionalInt.empty());
    TaskQueue.Slots sweep = slots.plan(true);
    slots.claiming(sweep);
    List<Task> old = run(slots, null, 2);
    slots.claimed(sweep, old);
    slots.claimEnded(sweep);
    assertNull(slots.plan(false), "both unassigned slots run, nfs and instant had nothing");
    slots.end(old.get(0));
    assertEquals(1, slots.plan(false).unassigned(), "more old rows may wait");

    BackendSlots drained = slots(OptionalInt.empty());
    TaskQueue.Slots first = drained.plan(true);
    drained.claiming(first);
    drained.claimed(first, run(drained, null, 1));
    drained.claimEnded(first);
    assertNull(drained.plan(false), "the sweep found fewer old rows than slots");
  }

  /** A fresh worker's first claim: it finds every queue drained, so hand-offs may start. */
  private static BackendSlots drained(OptionalInt total) {
    BackendSlots slots = slots(total);
    TaskQueue.Slots first = slots.plan(true);
    slots.claiming(first);
    slots.claimed(first, List.of());
    slots.claimEnded(first);
    return slots;
  }

  @Test
  void handOff_getsEveryFreeSlot_evenWhileQueuedWorkWaits() {
    // the hand-off's own transaction claims the oldest queued tasks first, so it needs no share
    // kept back for claims
    BackendSlots slots = drained(OptionalInt.empty());
    slots.wake("nfs"); // a task of nfs was queued (NOTIFY, or a batch that found no slot)
    run(slots, "nfs", 1);
    assertEquals(7, slots.reserve("nfs", 8), "8 minus the one running");
    assertNull(slots.plan(false), "nothing left for a claim of nfs: every slot held or running");
    assertTrue(slots.anyPending(), "the queued work still waits for whoever gets a slot");
    slots.unreserve("nfs", 7);
    assertEquals(7, slots.plan(false).free()[0], "slots given back go to a claim again");
  }

  @Test
  void claimInFlight_holdsItsSlots_soAHandOffCannotTakeThem() {
    BackendSlots slots = drained(OptionalInt.empty());
    run(slots, "nfs", 2);
    TaskQueue.Slots plan = slots.plan(true);
    assertEquals(6, plan.free()[0]);
    slots.claiming(plan);
    assertEquals(0, slots.reserve("nfs", 3), "the claim holds nfs' 6 free slots");
    slots.claimed(plan, run(slots, "nfs", 1));
    slots.claimEnded(plan);
    assertEquals(3, slots.reserve("nfs", 3), "the claim got 1 task: 5 free");
    assertEquals(2, slots.reserve("nfs", 3), "3 held, 3 run: 2 free");
    assertEquals(0, slots.reserve("nfs", 1));
    slots.unreserve("nfs", 5);
    assertEquals(5, slots.reserve("nfs", 8));
  }

  @Test
  void handOff_heldSlotsCountAgainstClaims_andUnknownBackendsGetNone() {
    BackendSlots slots = drained(OptionalInt.of(12));
    assertEquals(8, slots.reserve("nfs", 10), "nfs' own limit");
    assertEquals(4, slots.reserve("instant", 10), "the total's rest");
    assertNull(slots.plan(true), "every slot held: a sweep asks for nothing");
    assertEquals(0, slots.reserve("retired", 1), "not a backend run here");
    assertEquals(0, slots.reserve(null, 1));
    slots.unreserve("instant", 4);
    assertEquals(4, slots.plan(true).total());
    // the held slots turn into running tasks, then are let go
    run(slots, "nfs", 8);
    slots.unreserve("nfs", 8);
    assertEquals(0, slots.reserve("nfs", 1), "8 nfs tasks run");
    assertEquals(4, slots.plan(true).total());
  }

  @Test
  void taskWritingItsOutcome_givesItsSlotUp_butStillRunsHere() {
    BackendSlots slots = drained(OptionalInt.empty());
    List<Task> nfs = run(slots, "nfs", 8);
    assertEquals(0, slots.reserve("nfs", 1), "nfs' 8 slots taken");
    assertTrue(slots.backendDone(nfs.get(0)));
    assertFalse(slots.backendDone(nfs.get(0)), "its slot was already given up");
    assertEquals(1, slots.reserve("nfs", 8), "its slot is free for the next task");
    slots.unreserve("nfs", 1);
    assertTrue(slots.runningIds().contains(nfs.get(0).id()), "its lease is still renewed");
    assertEquals(8, slots.runningCount());
    assertFalse(slots.start(nfs.get(0)), "a claim taking its lease back does not run it twice");
    slots.end(nfs.get(0));
    assertFalse(slots.runningIds().contains(nfs.get(0).id()));
    assertEquals(7, slots.runningCount());
    assertEquals(1, slots.reserve("nfs", 8), "ending it frees nothing more");
  }

  @Test
  void tasksWritingTheirOutcomes_keepTheirSlots_onceTheirLimitIsReached() {
    BackendSlots slots = slots(OptionalInt.of(4), 4);
    List<Task> nfs = run(slots, "nfs", 4);
    List<Task> more = new ArrayList<>(nfs);
    for (Task t : nfs) {
      assertTrue(slots.backendDone(t));
    }
    more.addAll(run(slots, "nfs", 4));
    assertFalse(slots.backendDone(more.get(4)), "4 outcomes wait already: the slot stays taken");
    assertEquals(0, slots.reserve("nfs", 1));
    slots.end(more.get(0)); // one outcome written
    assertTrue(slots.backendDone(more.get(5)));
    assertEquals(1, slots.reserve("nfs", 1));
    assertEquals(7, slots.runningCount());
  }
}
