package dev.sharesnap.api.microversion;

/**
 * Every microversion gate of the API, declared once and named after its feature
 * (docs/api-versions.md lists them like Manila's REST API version history).
 */
public final class Versions {

  public static final ApiVersion MIN = new ApiVersion(2, 0);

  /** Manila 15.1 (Zed) is the reference: its maximum is 2.73. */
  public static final ApiVersion MAX = new ApiVersion(2, 73);

  /** Share field snapshot_support. */
  public static final ApiVersion SHARE_SNAPSHOT_SUPPORT = new ApiVersion(2, 2);

  /** Share field task_state. */
  public static final ApiVersion SHARE_TASK_STATE = new ApiVersion(2, 5);

  /** Share field share_type_name. */
  public static final ApiVersion SHARE_TYPE_NAME = new ApiVersion(2, 6);

  /** Admin actions lose their os- prefix: reset_status, force_delete. */
  public static final ApiVersion ADMIN_ACTIONS_WITHOUT_PREFIX = new ApiVersion(2, 7);

  /**
   * Share manage and unmanage move to {@code POST /shares/manage} and the {@code unmanage} action
   * (before: {@code /os-share-manage}, {@code /os-share-unmanage/{id}/unmanage}).
   */
  public static final ApiVersion SHARE_MANAGE = new ApiVersion(2, 7);

  /** Share manage takes is_public. */
  public static final ApiVersion SHARE_MANAGE_IS_PUBLIC = new ApiVersion(2, 8);

  /** Share manage takes share_server_id (shares on share servers). */
  public static final ApiVersion SHARE_MANAGE_SHARE_SERVER = new ApiVersion(2, 49);

  /** Share export_location(s) leave the share view for their own route. */
  public static final ApiVersion SHARE_EXPORT_LOCATIONS_ROUTE = new ApiVersion(2, 9);

  /** Share field access_rules_status. */
  public static final ApiVersion SHARE_ACCESS_RULES_STATUS = new ApiVersion(2, 10);

  /** Share fields replication_type, has_replicas. */
  public static final ApiVersion SHARE_REPLICATION = new ApiVersion(2, 11);

  /** Snapshot manage/unmanage and provider_location (admins) in snapshot views. */
  public static final ApiVersion SNAPSHOT_MANAGE = new ApiVersion(2, 12);

  /** Share field user_id. */
  public static final ApiVersion SHARE_USER_ID = new ApiVersion(2, 16);

  /** Snapshot fields user_id and project_id. */
  public static final ApiVersion SNAPSHOT_USER_AND_PROJECT = new ApiVersion(2, 17);

  /** Admin snapshot-instances API. */
  public static final ApiVersion SNAPSHOT_INSTANCES = new ApiVersion(2, 19);

  /** Share field create_share_from_snapshot_support, and the clone capability check. */
  /** scheduler-stats pools filtered by share_type. */
  public static final ApiVersion POOLS_SHARE_TYPE_FILTER = new ApiVersion(2, 23);

  public static final ApiVersion SHARE_FROM_SNAPSHOT_SUPPORT = new ApiVersion(2, 24);

  /** Share action revert and field revert_to_snapshot_support. */
  public static final ApiVersion REVERT_TO_SNAPSHOT = new ApiVersion(2, 27);

  /** Share fields share_group_id, source_share_group_snapshot_member_id. */
  public static final ApiVersion SHARE_GROUPS = new ApiVersion(2, 31);

  /** Share groups: fields availability_zone, consistent_snapshot_support. */
  public static final ApiVersion SHARE_GROUP_AZ = new ApiVersion(2, 34);

  /** Share group type field is_default. */
  public static final ApiVersion SHARE_GROUP_TYPE_IS_DEFAULT = new ApiVersion(2, 46);

  /**
   * Share group APIs graduate: from here they need no experimental header; from 2.31 to 2.54 they
   * answer only requests marked {@code X-OpenStack-Manila-API-Experimental: true}.
   */
  public static final ApiVersion SHARE_GROUPS_GRADUATED = new ApiVersion(2, 55);

  /** Mountable snapshots: export locations, access rules, share field mount_snapshot_support. */
  public static final ApiVersion MOUNTABLE_SNAPSHOTS = new ApiVersion(2, 32);

  /** Like filters name~ / description~ and the description filter on lists. */
  public static final ApiVersion LIKE_FILTERS = new ApiVersion(2, 36);

  /** User messages: GET/DELETE /messages. */
  public static final ApiVersion USER_MESSAGES = new ApiVersion(2, 37);

  /** Share status creating_from_snapshot is shown (creating before) and share field progress. */
  public static final ApiVersion SHARE_PROGRESS = new ApiVersion(2, 54);

  /** Share fields is_soft_deleted, scheduled_to_be_deleted_at (recycle bin). */
  public static final ApiVersion SHARE_RECYCLE_BIN = new ApiVersion(2, 69);

  /** Quota sets move from /os-quota-sets to /quota-sets. */
  public static final ApiVersion QUOTA_SETS_ROUTE = new ApiVersion(2, 7);

  /** GET /quota-sets/{project}/detail (in_use, limit, reserved). */
  public static final ApiVersion QUOTA_SETS_DETAIL = new ApiVersion(2, 25);

  /** Quota keys share_groups, share_group_snapshots. */
  /** Quota sets of one share type (?share_type=). */
  public static final ApiVersion QUOTA_SHARE_TYPES = new ApiVersion(2, 39);

  public static final ApiVersion QUOTA_SHARE_GROUPS = new ApiVersion(2, 40);

  /** Quota keys share_replicas, replica_gigabytes (quota sets and limits). */
  public static final ApiVersion QUOTA_SHARE_REPLICAS = new ApiVersion(2, 53);

  /** Share group limits in GET /limits. */
  public static final ApiVersion LIMITS_SHARE_GROUPS = new ApiVersion(2, 58);

  /** Quota key per_share_gigabytes. */
  public static final ApiVersion QUOTA_PER_SHARE_GIGABYTES = new ApiVersion(2, 62);

  /** Access rule field access_key. */
  public static final ApiVersion ACCESS_KEY = new ApiVersion(2, 21);

  /** Access rule states queued_to_apply / queued_to_deny shown (before: new). */
  public static final ApiVersion ACCESS_RULE_STATES = new ApiVersion(2, 28);

  /** Access rule fields created_at, updated_at. */
  public static final ApiVersion ACCESS_RULE_TIMES = new ApiVersion(2, 33);

  /** IPv6 addresses and networks in ip access rules. */
  public static final ApiVersion IPV6_ACCESS = new ApiVersion(2, 38);

  /** GET /share-access-rules (?share_id=, /{id}) and access rule metadata. */
  public static final ApiVersion SHARE_ACCESS_RULES_ROUTE = new ApiVersion(2, 45);

  /** Snapshot metadata: routes, create/manage bodies, views. */
  public static final ApiVersion SNAPSHOT_METADATA = new ApiVersion(2, 73);

  /** Admin share instances API. */
  public static final ApiVersion SHARE_INSTANCES = new ApiVersion(2, 3);

  /** Share type update (PUT /types/{id}). */
  public static final ApiVersion SHARE_TYPE_UPDATE = new ApiVersion(2, 50);

  /** Share replicas routes (no replication: empty lists). */
  public static final ApiVersion SHARE_REPLICAS = new ApiVersion(2, 11);

  /** Share instance field share_type_id. */
  public static final ApiVersion SHARE_INSTANCE_TYPE_ID = new ApiVersion(2, 22);

  /** Share instance field cast_rules_to_readonly. */
  public static final ApiVersion SHARE_INSTANCE_CAST_RULES = new ApiVersion(2, 30);

  /** Share instance list filters export_location_id / export_location_path. */
  public static final ApiVersion SHARE_INSTANCE_EXPORT_FILTERS = new ApiVersion(2, 35);

  /** Share instance field updated_at. */
  public static final ApiVersion SHARE_INSTANCE_UPDATED_AT = new ApiVersion(2, 71);

  private Versions() {}
}
