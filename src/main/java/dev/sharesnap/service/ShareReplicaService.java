package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Share replicas: sharesnap does not replicate, so every list is empty and every replica is
 * unknown. The routes exist so that clients which look for replicas before deleting a share (the
 * manila tempest plugin's cleanup, the manila CLI) get Manila's answers instead of a bare 404.
 */
@ApplicationScoped
public class ShareReplicaService {

  private final PolicyEnforcer policy;

  public ShareReplicaService(PolicyEnforcer policy) {
    this.policy = policy;
  }

  /** Any share's replicas, or those of one share (none either way). */
  public List<Map<String, Object>> list(Caller caller) {
    policy.authorize(caller, Rule.SHARE_REPLICA_GET_ALL);
    return List.of();
  }

  public Map<String, Object> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_REPLICA_SHOW);
    throw ApiException.notFound("Share Replica " + id + " could not be found.");
  }
}
