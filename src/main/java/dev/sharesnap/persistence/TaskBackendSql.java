package dev.sharesnap.persistence;

/**
 * SQL for the backend a task acts on, written into its row at enqueue (the claim bounds each
 * backend's running tasks with it): the middle part of the Manila host string {@code
 * host@backend#pool} of the share or share group the task's resource belongs to, as {@link
 * dev.sharesnap.driver.DriverRegistry} reads it. NULL when the resource has no such row.
 */
public final class TaskBackendSql {

  private TaskBackendSql() {}

  /**
   * A scalar subquery: the backend of the resource {@code resource} (an SQL expression) of a task
   * whose kind is {@code kindKey} ({@code share.*}, {@code snapshot.*}, {@code share_group.*} or
   * {@code share_group_snapshot.*}).
   */
  public static String ofResource(String kindKey, String resource) {
    String type = kindKey.substring(0, kindKey.indexOf('.'));
    return switch (type) {
      case "share" -> ofShare(resource);
      case "snapshot" ->
          backend("sh.host", "snapshots x JOIN shares sh ON sh.id = x.share_id", resource);
      case "share_group" -> backend("x.host", "share_groups x", resource);
      case "share_group_snapshot" ->
          backend(
              "g.host",
              "share_group_snapshots x JOIN share_groups g ON g.id = x.share_group_id",
              resource);
      default -> "NULL::varchar";
    };
  }

  /** A scalar subquery: the backend of share {@code share} (an SQL expression). */
  public static String ofShare(String share) {
    return backend("x.host", "shares x", share);
  }

  /**
   * A scalar subquery that sends one {@code pg_notify(channel, backend)} per distinct backend of
   * the rows CTE {@code cte} returned ({@code ''} for none), delivered at commit.
   */
  public static String notifyEach(String cte, String channel) {
    return "(SELECT count(pg_notify("
        + channel
        + ", b)) FROM (SELECT DISTINCT COALESCE(backend, '') AS b FROM "
        + cte
        + ") d)";
  }

  /**
   * What {@link #ofShare} yields for a share whose host is {@code host}, computed in Java: the text
   * between the first and a second {@code @}, up to a {@code #}; null when empty or absent.
   */
  public static String ofHost(String host) {
    int at = host == null ? -1 : host.indexOf('@');
    if (at < 0) {
      return null;
    }
    String rest = host.substring(at + 1);
    int end = rest.indexOf('@');
    if (end >= 0) {
      rest = rest.substring(0, end);
    }
    int hash = rest.indexOf('#');
    String backend = hash < 0 ? rest : rest.substring(0, hash);
    return backend.isEmpty() ? null : backend;
  }

  private static String backend(String host, String from, String id) {
    return "(SELECT NULLIF(split_part(split_part("
        + host
        + ", '@', 2), '#', 1), '') FROM "
        + from
        + " WHERE x.id = "
        + id
        + ")";
  }
}
