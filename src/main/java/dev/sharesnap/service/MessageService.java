package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * User messages: owners read (and may delete) the reasons their operations failed; admins read all.
 */
@ApplicationScoped
public class MessageService {

  private final Pool pool;
  private final MessageRepository messages;
  private final PolicyEnforcer policy;

  public MessageService(Pool pool, MessageRepository messages, PolicyEnforcer policy) {
    this.pool = pool;
    this.messages = messages;
    this.policy = policy;
  }

  public Uni<List<UserMessage>> list(
      Caller caller,
      boolean allTenants,
      Map<String, Object> filters,
      String sortColumn,
      boolean ascending,
      Integer limit,
      int offset) {
    policy.authorize(caller, Rule.MESSAGE_GET_ALL);
    String project = caller.isAdmin() && allTenants ? null : caller.projectId();
    return messages.list(pool, project, filters, sortColumn, ascending, limit, offset);
  }

  public Uni<UserMessage> show(Caller caller, String id) {
    policy.authorize(caller, Rule.MESSAGE_GET);
    return visible(caller, id);
  }

  public Uni<Void> delete(Caller caller, String id) {
    policy.authorize(caller, Rule.MESSAGE_DELETE);
    return visible(caller, id).chain(m -> messages.delete(pool, m.id())).replaceWithVoid();
  }

  private Uni<UserMessage> visible(Caller caller, String id) {
    ApiException notFound = ApiException.notFound("Message " + id + " could not be found.");
    return messages
        .findById(pool, Ids.parse(id, notFound))
        .map(
            m -> {
              if (m == null || !caller.isAdmin() && !caller.projectId().equals(m.projectId())) {
                throw notFound;
              }
              return m;
            });
  }

  /** For filters given as UUID strings: a malformed one matches nothing. */
  public static UUID uuidOrNull(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
