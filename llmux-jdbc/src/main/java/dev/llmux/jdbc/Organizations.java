package dev.llmux.jdbc;

import java.util.List;
import java.util.Optional;

/** Organizations and their members. */
public interface Organizations {
  /** Creates an organization ({@code id} null = generated). */
  Organization create(String id, OrgSpec spec, Actor actor);

  Organization update(String id, OrgSpec spec, Actor actor);

  /** Deletes organizations with their memberships; 409 while one still has teams. */
  List<String> delete(List<String> ids, Actor actor);

  Optional<Organization> info(String id);

  Page<Organization> list(OrgFilter filter);

  List<OrgMember> members(String organizationId);

  /** Adds a member (the user must exist); 409 when already a member. */
  OrgMember addMember(String organizationId, String userId, OrgRole role, Actor actor);

  /** Changes a member's role; 404 when not a member. */
  OrgMember updateMember(String organizationId, String userId, OrgRole role, Actor actor);

  void removeMember(String organizationId, String userId, Actor actor);
}
