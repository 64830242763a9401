package dev.sharesnap.api.view;

import dev.sharesnap.domain.UserMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manila's message view. */
public final class MessageView {

  private MessageView() {}

  public static Map<String, Object> detail(UserMessage m, Links links) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", m.id().toString());
    v.put("project_id", m.projectId());
    v.put("action_id", m.actionId());
    v.put("detail_id", m.detailId());
    v.put("message_level", m.messageLevel());
    v.put("created_at", Timestamps.format(m.createdAt()));
    v.put("expires_at", Timestamps.format(m.expiresAt()));
    v.put("request_id", m.requestId());
    v.put("links", links.of("messages", m.id()));
    v.put("resource_type", m.resourceType());
    v.put("resource_id", m.resourceId().toString());
    v.put("user_message", m.userMessage());
    return v;
  }

  public static Map<String, Object> list(List<UserMessage> all, Links links) {
    return Map.of("messages", all.stream().map(m -> detail(m, links)).toList());
  }
}
