package dev.llmux.jdbc;

/**
 * A user's membership in an organization.
 *
 * @param organizationId the organization
 * @param userId the user
 * @param role the role in the organization
 */
public record OrgMember(String organizationId, String userId, OrgRole role) {}
