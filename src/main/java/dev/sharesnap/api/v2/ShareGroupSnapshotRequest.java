package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareGroupSnapshotService;

/** Body of {@code POST /share-group-snapshots}, with Manila's wording. */
public final class ShareGroupSnapshotRequest {

  private ShareGroupSnapshotRequest() {}

  public static ShareGroupSnapshotService.NewGroupSnapshot create(JsonNode body) {
    JsonNode s = ShareGroupRequest.entity(body, "share_group_snapshot");
    JsonNode group = s.get("share_group_id");
    if (group == null || group.isNull() || group.isTextual() && group.asText().isEmpty()) {
      throw ApiException.badRequest("Must supply 'share_group_id' attribute.");
    }
    return new ShareGroupSnapshotService.NewGroupSnapshot(
        ShareGroupRequest.uuid(group, "The 'share_group_id' attribute must be a uuid."),
        JsonBodies.text255(s, "name"),
        JsonBodies.text255(s, "description"));
  }
}
