package dev.sharesnap.task;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.FaultInjectingDriver.Plan;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Share group snapshot tasks guarded as snapshot tasks are: a task that runs twice at once records
 * one outcome and one user message, a reset_status or force_delete during the backend call wins
 * over the late outcome, and a failure is explained by a user message. The backend is the
 * fault-injecting test double.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareGroupTaskSafetyTest {

  @Inject FaultInjectingDriver faulty;
  @Inject ShareGroupSnapshotTaskHandler handler;
  @Inject Pool pool;

  /** A group on the faulty backend with two shares, a and b. */
  private record Group(String id, String a, String b) {}

  private static Group faultyGroup(Api admin) {
    String type =
        admin.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String typeId =
        admin
            .req()
            .get(admin.url("/types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_types.find { it.name == '" + type + "' }.id");
    String groupType =
        admin
            .json(
                Map.of(
                    "share_group_type",
                    Map.of("name", "gt-" + UUID.randomUUID(), "share_types", List.of(typeId))))
            .post(admin.url("/share-group-types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_group_type.id");
    String group =
        admin
            .json(
                Map.of(
                    "share_group",
                    Map.of("share_group_type_id", groupType, "share_types", List.of(typeId))))
            .post(admin.url("/share-groups"))
            .then()
            .statusCode(202)
            .extract()
            .path("share_group.id");
    admin.awaitStatus("/share-groups/" + group, "share_group", "available");
    return new Group(group, share(admin, group, type), share(admin, group, type));
  }

  private static String share(Api admin, String group, String type) {
    String id =
        admin
            .json(
                Map.of(
                    "share",
                    Map.of(
                        "share_proto",
                        "NFS",
                        "size",
                        1,
                        "share_group_id",
                        group,
                        "share_type",
                        type)))
            .post(admin.url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    admin.awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  private static String startGroupSnapshot(Api admin, String group) {
    return admin
        .json(Map.of("share_group_snapshot", Map.of("share_group_id", group)))
        .post(admin.url("/share-group-snapshots"))
        .then()
        .statusCode(202)
        .extract()
        .path("share_group_snapshot.id");
  }

  private List<String> memberStatuses(String groupSnapshot) {
    List<String> out = new ArrayList<>();
    pool.preparedQuery(
            "SELECT status FROM snapshots WHERE share_group_snapshot_id = $1 ORDER BY created_at")
        .execute(Tuple.of(UUID.fromString(groupSnapshot)))
        .await()
        .atMost(Duration.ofSeconds(5))
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private List<String> memberIds(String groupSnapshot) {
    List<String> out = new ArrayList<>();
    pool.preparedQuery(
            "SELECT id FROM snapshots WHERE share_group_snapshot_id = $1 ORDER BY created_at")
        .execute(Tuple.of(UUID.fromString(groupSnapshot)))
        .await()
        .atMost(Duration.ofSeconds(5))
        .forEach(r -> out.add(r.getUUID(0).toString()));
    return out;
  }

  private boolean taskPending(String resource) {
    return pool.preparedQuery("SELECT 1 FROM tasks WHERE resource_id = $1")
            .execute(Tuple.of(UUID.fromString(resource)))
            .await()
            .atMost(Duration.ofSeconds(5))
            .size()
        > 0;
  }

  private static io.restassured.response.ValidatableResponse messages(Api admin, String id) {
    return admin
        .member()
        .at("2.37")
        .req()
        .get(admin.url("/messages?resource_id=" + id))
        .then()
        .statusCode(200);
  }

  private static void until(int seconds, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void failedGroupSnapshotCreate_marksEveryMember_andWritesOneUserMessage() {
    Api admin = Api.admin();
    Group g = faultyGroup(admin);
    faulty.plan(g.b(), new Plan(0, true, false, Duration.ZERO, false));
    String gs = startGroupSnapshot(admin, g.id());
    admin.awaitStatus("/share-group-snapshots/" + gs, "share_group_snapshot", "error");
    assertEquals(List.of("error", "error"), memberStatuses(gs));
    messages(admin, gs)
        .body("messages.size()", equalTo(1))
        .body("messages[0].resource_type", equalTo("SHARE_GROUP_SNAPSHOT"))
        .body("messages[0].action_id", equalTo("002"))
        .body("messages[0].message_level", equalTo("ERROR"))
        .body("messages[0].user_message", equalTo("create: injected permanent failure"));
    // a failed delete: error_deleting, and a message with Manila's delete action id
    admin.req().delete(admin.url("/share-group-snapshots/" + gs)).then().statusCode(202);
    admin.awaitStatus("/share-group-snapshots/" + gs, "share_group_snapshot", "error_deleting");
    messages(admin, gs)
        .body("messages.size()", equalTo(2))
        .body("messages.action_id", org.hamcrest.Matchers.hasItem("007"));
  }

  @Test
  void giveUpRunTwiceAtOnce_recordsOneErrorAndOneMessage() {
    Api admin = Api.admin();
    Group g = faultyGroup(admin);
    // the worker's own attempt is held in the backend meanwhile
    faulty.plan(g.a(), new Plan(0, false, false, Duration.ofSeconds(2), false));
    String gs = startGroupSnapshot(admin, g.id());
    // both give-ups hold the worker's own claim: one records, the other finds the task finished
    Task task = claimed(gs, TaskKind.SHARE_GROUP_SNAPSHOT_CREATE);
    RuntimeException cause = new RuntimeException("lost twice");
    Uni.join()
        .all(giveUpOrLost(task, cause), giveUpOrLost(task, cause))
        .andFailFast()
        .await()
        .atMost(Duration.ofSeconds(10));
    admin.awaitStatus("/share-group-snapshots/" + gs, "share_group_snapshot", "error");
    messages(admin, gs).body("messages.size()", equalTo(1));
    // the worker's late success finds the group snapshot in error and leaves members alone
    until(20, () -> !taskPending(gs));
    assertEquals(List.of("error", "error"), memberStatuses(gs));
    admin
        .req()
        .get(admin.url("/share-group-snapshots/" + gs))
        .then()
        .body("share_group_snapshot.status", equalTo("error"));
  }

  private Uni<Void> giveUpOrLost(Task task, Throwable cause) {
    return handler.giveUp(task, cause).onFailure(TaskLeaseLost.class).recoverWithNull();
  }

  /** The task of {@code resourceId} as the worker claimed it. */
  private Task claimed(String resourceId, TaskKind kind) {
    until(10, () -> taskRunning(resourceId));
    Row r =
        pool.preparedQuery("SELECT id, attempts, owner FROM tasks WHERE resource_id = $1")
            .execute(Tuple.of(UUID.fromString(resourceId)))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next();
    return new Task(
        r.getLong("id"),
        kind,
        UUID.fromString(resourceId),
        r.getInteger("attempts"),
        "req-twice",
        null,
        false,
        r.getString("owner"),
        null);
  }

  private boolean taskRunning(String resourceId) {
    return pool.preparedQuery(
                "SELECT count(*) FROM tasks WHERE resource_id = $1 AND status = 'running'")
            .execute(Tuple.of(UUID.fromString(resourceId)))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getLong(0)
        > 0;
  }

  @Test
  void resetDuringTheBackendCall_winsOverTheLateOutcome_membersDoNotBecomeAvailable() {
    Api admin = Api.admin();
    Group g = faultyGroup(admin);
    faulty.plan(g.b(), new Plan(0, false, false, Duration.ofSeconds(2), false));
    String gs = startGroupSnapshot(admin, g.id());
    until(10, () -> faulty.calls(g.b()) > 0);
    admin
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(admin.url("/share-group-snapshots/" + gs + "/action"))
        .then()
        .statusCode(202);
    until(20, () -> !taskPending(gs));
    admin
        .req()
        .get(admin.url("/share-group-snapshots/" + gs))
        .then()
        .body("share_group_snapshot.status", equalTo("error"));
    assertFalse(memberStatuses(gs).contains("available"), () -> "" + memberStatuses(gs));
  }

  @Test
  void forceDeleteDuringTheBackendCall_leavesNoSnapshotBehindOnTheBackend() {
    Api admin = Api.admin();
    Group g = faultyGroup(admin);
    faulty.plan(g.b(), new Plan(0, false, false, Duration.ofSeconds(2), false));
    String gs = startGroupSnapshot(admin, g.id());
    List<String> members = memberIds(gs);
    until(10, () -> faulty.calls(g.b()) > 0);
    // the delete itself is quick; the create's copy of b lands after it
    faulty.plan(g.b(), Plan.ok());
    admin
        .json(Map.of("force_delete", Map.of()))
        .post(admin.url("/share-group-snapshots/" + gs + "/action"))
        .then()
        .statusCode(202);
    admin.awaitGone("/share-group-snapshots/" + gs);
    until(20, () -> members.stream().noneMatch(faulty::hasSnapshot));
    until(20, () -> !taskPending(gs));
    assertFalse(members.stream().anyMatch(faulty::hasSnapshot));
  }
}
