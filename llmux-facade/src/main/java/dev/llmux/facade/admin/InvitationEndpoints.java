package dev.llmux.facade.admin;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.CreatedInvitation;
import dev.llmux.jdbc.GeneratedKey;
import dev.llmux.jdbc.Invitation;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.User;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /invitation/new|accept|info|list|delete}. An invitation is a secret token (shown once)
 * that joins a user to a team or an organization with a role; {@code /invitation/accept}
 * authenticates by that token alone, so an invited person needs no API key yet.
 */
final class InvitationEndpoints {
  static final Duration DEFAULT_TTL = Duration.ofDays(7);

  private final ManagementApi api;

  InvitationEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.post("/invitation/new", this::create);
    r.open("/invitation/accept", this::accept);
    r.get("/invitation/info", this::info);
    r.get("/invitation/list", this::list);
    r.post("/invitation/delete", this::delete);
  }

  private String teamOrg(String teamId) {
    if (teamId == null) {
      return null;
    }
    Team t =
        api.db
            .teams()
            .info(teamId)
            .orElseThrow(() -> Failure.notFound("Team '" + teamId + "' not found"));
    return t.organizationId();
  }

  private Invitation find(String id) {
    return api.db
        .invitations()
        .info(id)
        .orElseThrow(() -> Failure.notFound("Invitation '" + id + "' not found"));
  }

  private Object create(Req r) {
    r.allow("team_id", "organization_id", "role", "max_uses", "duration");
    String teamId = r.str("team_id");
    String orgId = r.str("organization_id");
    if ((teamId == null) == (orgId == null)) {
      throw Failure.badRequest("Give exactly one of 'team_id' and 'organization_id'", "team_id");
    }
    String role = r.str("role");
    if (teamId != null) {
      role = TeamEndpoints.teamRole(role, "role").key();
    } else {
      role = OrgEndpoints.orgRole(role, "role").key();
      if (api.db.organizations().info(orgId).isEmpty()) {
        throw Failure.notFound("Organization '" + orgId + "' not found");
      }
    }
    api.auth.invitationWrite(r.caller, teamId, teamOrg(teamId), orgId);
    Integer maxUses = r.integer("max_uses");
    if (maxUses != null && maxUses < 1) {
      throw Failure.badRequest("'max_uses' must be at least 1", "max_uses");
    }
    Duration ttl = r.duration("duration");
    CreatedInvitation c =
        api.db
            .invitations()
            .create(
                teamId,
                orgId,
                role,
                maxUses == null ? 1 : maxUses,
                ttl == null ? DEFAULT_TTL : ttl,
                r.caller.actor());
    Map<String, Object> m = Views.invitation(c.info());
    m.put("token", c.token());
    return m;
  }

  private Object accept(Req r) {
    r.allow("token", "invitation_token", "user_id", "user_email");
    String token = r.has("token") ? r.requiredStr("token") : r.requiredStr("invitation_token");
    String userId = r.str("user_id");
    String email = r.str("user_email");
    if (userId == null && email == null) {
      throw Failure.badRequest("'user_id' or 'user_email' is required", "user_id");
    }
    boolean newUser = user(userId, email).isEmpty();
    Actor actor = new Actor(userId != null ? userId : email, null);
    Invitation i = api.db.invitations().accept(token, userId, email, actor);
    Map<String, Object> m = Views.invitation(i);
    m.put("user_id", userId);
    m.put("user_email", email);
    if (newUser) {
      // the invitation created this user, who has no key yet and no way to get one: give one, shown
      // once (in the invitation's team, if any); an existing user keeps the keys they have
      User u = user(userId, email).orElseThrow();
      GeneratedKey g =
          api.db
              .keys()
              .generate(
                  new KeySpec(null, u.id(), i.teamId(), null, null, null, null, null, null, null),
                  actor);
      m.put("user_id", u.id());
      m.put("key", g.key());
      m.put("token", g.info().id());
    }
    return m;
  }

  private Optional<User> user(String userId, String email) {
    return userId != null ? api.db.users().info(userId) : api.db.users().byEmail(email);
  }

  private Object info(Req r) {
    r.allow("invitation_id");
    Invitation i = find(r.requiredStr("invitation_id"));
    api.auth.invitationRead(r.caller, i.teamId(), teamOrg(i.teamId()), i.organizationId());
    return Views.invitation(i);
  }

  private Object list(Req r) {
    r.allow("page", "size", "page_size");
    api.auth.proxyRead(r.caller, "all invitations");
    return Views.page(
        "invitations", api.db.invitations().list(r.page(), r.size()), Views::invitation);
  }

  private Object delete(Req r) {
    r.allow("invitation_id");
    Invitation i = find(r.requiredStr("invitation_id"));
    api.auth.invitationWrite(r.caller, i.teamId(), teamOrg(i.teamId()), i.organizationId());
    api.db.invitations().delete(i.id(), r.caller.actor());
    Map<String, Object> m = Views.obj();
    m.put("deleted_invitation_id", i.id());
    return m;
  }
}
