package dev.sharesnap.policy;

/**
 * Manila's policy rules that sharesnap enforces, with Manila's names and (Zed "new") defaults.
 * {@code decorator} marks rules Manila checks in a controller decorator, which deny with webob's
 * generic 403 text; the others deny with "Policy doesn't allow <rule> to be performed."
 */
public enum Rule {
  SNAPSHOT_GET("share_snapshot:get_snapshot", Persona.READER, false),
  SNAPSHOT_GET_ALL("share_snapshot:get_all_snapshots", Persona.READER, false),
  SNAPSHOT_LIST_ALL_PROJECTS("share_snapshot:list_all_projects", Persona.ADMIN, false),
  SNAPSHOT_CREATE("share:create_snapshot", Persona.MEMBER, false),
  SNAPSHOT_UPDATE("share:snapshot_update", Persona.MEMBER, false),
  SNAPSHOT_DELETE("share:delete_snapshot", Persona.MEMBER, false),
  SNAPSHOT_FORCE_DELETE("share_snapshot:force_delete", Persona.ADMIN, true),
  SNAPSHOT_RESET_STATUS("share_snapshot:reset_status", Persona.ADMIN, true),
  SNAPSHOT_MANAGE("share_snapshot:manage_snapshot", Persona.ADMIN, true),
  SNAPSHOT_UNMANAGE("share_snapshot:unmanage_snapshot", Persona.ADMIN, true),
  SNAPSHOT_GET_METADATA("share_snapshot:get_metadata", Persona.READER, true),
  SNAPSHOT_UPDATE_METADATA("share_snapshot:update_metadata", Persona.MEMBER, true),
  SNAPSHOT_DELETE_METADATA("share_snapshot:delete_metadata", Persona.MEMBER, true),
  SNAPSHOT_ALLOW_ACCESS("share_snapshot:allow_access", Persona.MEMBER, true),
  SNAPSHOT_DENY_ACCESS("share_snapshot:deny_access", Persona.MEMBER, true),
  SNAPSHOT_ACCESS_LIST("share_snapshot:access_list", Persona.READER, true),
  SNAPSHOT_INSTANCE_INDEX("share_snapshot_instance:index", Persona.ADMIN, true),
  SNAPSHOT_INSTANCE_DETAIL("share_snapshot_instance:detail", Persona.ADMIN, true),
  SNAPSHOT_INSTANCE_SHOW("share_snapshot_instance:show", Persona.ADMIN, true),
  SNAPSHOT_INSTANCE_RESET_STATUS("share_snapshot_instance:reset_status", Persona.ADMIN, true),
  SNAPSHOT_EXPORT_LOCATION_INDEX("share_snapshot_export_location:index", Persona.READER, true),
  SNAPSHOT_INSTANCE_EXPORT_LOCATION_INDEX(
      "share_snapshot_instance_export_location:index", Persona.ADMIN, true),
  SNAPSHOT_INSTANCE_EXPORT_LOCATION_SHOW(
      "share_snapshot_instance_export_location:show", Persona.ADMIN, true),
  SHARE_GET("share:get", Persona.READER, false),
  SHARE_GET_ALL("share:get_all", Persona.READER, false),
  SHARE_CREATE("share:create", Persona.MEMBER, false),
  SHARE_DELETE("share:delete", Persona.MEMBER, false),
  SHARE_RESET_STATUS("share:reset_status", Persona.ADMIN, true),
  SHARE_MANAGE("share:manage", Persona.ADMIN, true),
  SHARE_UNMANAGE("share:unmanage", Persona.ADMIN, true),
  SHARE_REVERT("share:revert_to_snapshot", Persona.MEMBER, true),
  SHARE_ALLOW_ACCESS("share:allow_access", Persona.MEMBER, true),
  SHARE_DENY_ACCESS("share:deny_access", Persona.MEMBER, true),
  SHARE_ACCESS_GET_ALL("share:access_get_all", Persona.READER, true),
  SHARE_ACCESS_RULE_GET("share_access_rule:get", Persona.READER, true),
  SHARE_ACCESS_RULE_INDEX("share_access_rule:index", Persona.READER, true),
  SHARE_TYPE_CREATE("share_type:create", Persona.ADMIN, true),
  SHARE_TYPE_INDEX("share_type:index", Persona.READER, false),
  SHARE_TYPE_UPDATE("share_type:update", Persona.ADMIN, true),
  SHARE_TYPE_DELETE("share_type:delete", Persona.ADMIN, true),
  SHARE_TYPE_LIST_PROJECT_ACCESS("share_type:list_project_access", Persona.ADMIN, true),
  SHARE_TYPE_ADD_PROJECT_ACCESS("share_type:add_project_access", Persona.ADMIN, true),
  SHARE_TYPE_REMOVE_PROJECT_ACCESS("share_type:remove_project_access", Persona.ADMIN, true),
  EXTRA_SPEC_CREATE("share_types_extra_spec:create", Persona.ADMIN, true),
  EXTRA_SPEC_SHOW("share_types_extra_spec:show", Persona.ADMIN, true),
  EXTRA_SPEC_UPDATE("share_types_extra_spec:update", Persona.ADMIN, true),
  EXTRA_SPEC_DELETE("share_types_extra_spec:delete", Persona.ADMIN, true),
  SHARE_INSTANCE_INDEX("share_instance:index", Persona.ADMIN, true),
  SHARE_INSTANCE_SHOW("share_instance:show", Persona.ADMIN, true),
  SHARE_INSTANCE_EXPORT_LOCATION_INDEX("share_instance_export_location:index", Persona.ADMIN, true),
  SHARE_REPLICA_GET_ALL("share_replica:get_all", Persona.READER, true),
  SHARE_REPLICA_SHOW("share_replica:show", Persona.READER, true),
  MESSAGE_GET("message:get", Persona.READER, false),
  MESSAGE_GET_ALL("message:get_all", Persona.READER, false),
  MESSAGE_DELETE("message:delete", Persona.MEMBER, false),
  POOLS_INDEX("scheduler_stats:pools:index", Persona.ADMIN, true),
  POOLS_DETAIL("scheduler_stats:pools:detail", Persona.ADMIN, true),
  QUOTA_SET_SHOW("quota_set:show", Persona.READER, true),
  QUOTA_SET_UPDATE("quota_set:update", Persona.ADMIN, true),
  QUOTA_SET_DELETE("quota_set:delete", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_CREATE("share_group_type:create", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_INDEX("share_group_type:index", Persona.READER, true),
  SHARE_GROUP_TYPE_SHOW("share_group_type:show", Persona.READER, true),
  SHARE_GROUP_TYPE_DEFAULT("share_group_type:default", Persona.READER, true),
  SHARE_GROUP_TYPE_DELETE("share_group_type:delete", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_LIST_ACCESS("share_group_type:list_project_access", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_ADD_ACCESS("share_group_type:add_project_access", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_REMOVE_ACCESS("share_group_type:remove_project_access", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_SPEC_INDEX("share_group_types_spec:index", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_SPEC_SHOW("share_group_types_spec:show", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_SPEC_CREATE("share_group_types_spec:create", Persona.ADMIN, true),
  SHARE_GROUP_TYPE_SPEC_DELETE("share_group_types_spec:delete", Persona.ADMIN, true),
  SHARE_GROUP_CREATE("share_group:create", Persona.MEMBER, true),
  SHARE_GROUP_GET("share_group:get", Persona.READER, true),
  SHARE_GROUP_GET_ALL("share_group:get_all", Persona.READER, true),
  SHARE_GROUP_UPDATE("share_group:update", Persona.MEMBER, true),
  SHARE_GROUP_DELETE("share_group:delete", Persona.MEMBER, true),
  SHARE_GROUP_FORCE_DELETE("share_group:force_delete", Persona.ADMIN, true),
  SHARE_GROUP_RESET_STATUS("share_group:reset_status", Persona.ADMIN, true),
  SHARE_GROUP_SNAPSHOT_CREATE("share_group_snapshot:create", Persona.MEMBER, true),
  SHARE_GROUP_SNAPSHOT_GET("share_group_snapshot:get", Persona.READER, true),
  SHARE_GROUP_SNAPSHOT_GET_ALL("share_group_snapshot:get_all", Persona.READER, true),
  SHARE_GROUP_SNAPSHOT_UPDATE("share_group_snapshot:update", Persona.MEMBER, true),
  SHARE_GROUP_SNAPSHOT_DELETE("share_group_snapshot:delete", Persona.MEMBER, true),
  SHARE_GROUP_SNAPSHOT_FORCE_DELETE("share_group_snapshot:force_delete", Persona.ADMIN, true),
  SHARE_GROUP_SNAPSHOT_RESET_STATUS("share_group_snapshot:reset_status", Persona.ADMIN, true),
  // sharesnap extensions (docs/extensions.md); not Manila rules
  SNAPSHOT_SYNC("sharesnap:snapshot_sync", Persona.MEMBER, false),
  SCHEDULE_GET("sharesnap:snapshot_schedule_get", Persona.READER, false),
  SCHEDULE_CREATE("sharesnap:snapshot_schedule_create", Persona.MEMBER, false),
  SCHEDULE_DELETE("sharesnap:snapshot_schedule_delete", Persona.MEMBER, false),
  MANAGEABLE_SNAPSHOTS_LIST("sharesnap:list_manageable_snapshots", Persona.ADMIN, false);

  private final String policyName;
  private final Persona persona;
  private final boolean decorator;

  Rule(String policyName, Persona persona, boolean decorator) {
    this.policyName = policyName;
    this.persona = persona;
    this.decorator = decorator;
  }

  public String policyName() {
    return policyName;
  }

  public Persona persona() {
    return persona;
  }

  public boolean decorator() {
    return decorator;
  }

  /** Manila's default check string for the persona; an operator's policy file may replace it. */
  public String defaultCheck() {
    return switch (persona) {
      case ADMIN -> "rule:context_is_admin";
      case MEMBER -> "rule:context_is_admin or (role:member and project_id:%(project_id)s)";
      case READER -> "rule:context_is_admin or (role:reader and project_id:%(project_id)s)";
    };
  }

  /** Manila's personas: admin (any project), or a member / reader of the target project. */
  public enum Persona {
    ADMIN,
    MEMBER,
    READER
  }
}
