package dev.llmux.jdbc;

/**
 * A new invitation.
 *
 * @param token the plaintext token, shown once (only its SHA-256 is stored)
 * @param info the stored invitation
 */
public record CreatedInvitation(String token, Invitation info) {
  @Override
  public String toString() {
    return "CreatedInvitation[info=" + info + "]";
  }
}
