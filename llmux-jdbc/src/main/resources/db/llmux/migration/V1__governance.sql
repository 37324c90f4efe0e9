-- LLMux governance schema (llmux-jdbc). One script for H2 and PostgreSQL: plain types both accept.
-- JSON (lists and maps) is stored as VARCHAR(1000000) text (H2's longest VARCHAR). Every *_key column
-- is the lower-cased form of the column it follows, for case-insensitive uniqueness. Limits columns
-- (max_budget .. max_parallel_requests) are NULL for "no limit". Times are TIMESTAMP WITH TIME ZONE (UTC).

CREATE TABLE llmux_budgets (
  id                    VARCHAR(128)   NOT NULL PRIMARY KEY,
  max_budget            NUMERIC(20,10),
  soft_budget           NUMERIC(20,10),
  budget_duration       VARCHAR(16),
  tpm                   BIGINT,
  rpm                   BIGINT,
  max_parallel_requests INTEGER,
  model_max_budget      VARCHAR(1000000) NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);

CREATE TABLE llmux_organizations (
  id                    VARCHAR(128)   NOT NULL PRIMARY KEY,
  alias                 VARCHAR(256),
  alias_key             VARCHAR(256),
  models                VARCHAR(1000000) NOT NULL,
  max_budget            NUMERIC(20,10),
  soft_budget           NUMERIC(20,10),
  budget_duration       VARCHAR(16),
  tpm                   BIGINT,
  rpm                   BIGINT,
  max_parallel_requests INTEGER,
  budget_id             VARCHAR(128) REFERENCES llmux_budgets (id),
  metadata              VARCHAR(1000000) NOT NULL,
  blocked               BOOLEAN        NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);
CREATE UNIQUE INDEX llmux_organizations_alias_key ON llmux_organizations (alias_key);
CREATE INDEX llmux_organizations_budget ON llmux_organizations (budget_id);
CREATE INDEX llmux_organizations_created ON llmux_organizations (created_at);

CREATE TABLE llmux_teams (
  id                    VARCHAR(128)   NOT NULL PRIMARY KEY,
  alias                 VARCHAR(256),
  alias_key             VARCHAR(256),
  organization_id       VARCHAR(128) REFERENCES llmux_organizations (id),
  models                VARCHAR(1000000) NOT NULL,
  max_budget            NUMERIC(20,10),
  soft_budget           NUMERIC(20,10),
  budget_duration       VARCHAR(16),
  tpm                   BIGINT,
  rpm                   BIGINT,
  max_parallel_requests INTEGER,
  metadata              VARCHAR(1000000) NOT NULL,
  tags                  VARCHAR(1000000) NOT NULL,
  blocked               BOOLEAN        NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);
CREATE UNIQUE INDEX llmux_teams_alias_key ON llmux_teams (alias_key);
CREATE INDEX llmux_teams_org ON llmux_teams (organization_id);
CREATE INDEX llmux_teams_created ON llmux_teams (created_at);

CREATE TABLE llmux_users (
  id                    VARCHAR(128)   NOT NULL PRIMARY KEY,
  email                 VARCHAR(320),
  email_key             VARCHAR(320),
  alias                 VARCHAR(256),
  role                  VARCHAR(32)    NOT NULL,
  models                VARCHAR(1000000) NOT NULL,
  max_budget            NUMERIC(20,10),
  soft_budget           NUMERIC(20,10),
  budget_duration       VARCHAR(16),
  tpm                   BIGINT,
  rpm                   BIGINT,
  max_parallel_requests INTEGER,
  metadata              VARCHAR(1000000) NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);
CREATE UNIQUE INDEX llmux_users_email_key ON llmux_users (email_key);
CREATE INDEX llmux_users_role ON llmux_users (role);
CREATE INDEX llmux_users_created ON llmux_users (created_at);

CREATE TABLE llmux_team_members (
  team_id               VARCHAR(128)   NOT NULL REFERENCES llmux_teams (id),
  user_id               VARCHAR(128)   NOT NULL REFERENCES llmux_users (id),
  role                  VARCHAR(32)    NOT NULL,
  max_budget_in_team    NUMERIC(20,10),
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX llmux_team_members_user ON llmux_team_members (user_id);

CREATE TABLE llmux_org_members (
  organization_id       VARCHAR(128)   NOT NULL REFERENCES llmux_organizations (id),
  user_id               VARCHAR(128)   NOT NULL REFERENCES llmux_users (id),
  role                  VARCHAR(32)    NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX llmux_org_members_user ON llmux_org_members (user_id);

-- Keys: only the SHA-256 (hex) of the secret is stored. previous_key_hash/previous_key_valid_until
-- carry the old secret through a regenerate's grace period. organization_id is the team's (kept in
-- sync when a team moves). user_id has no foreign key: a deleted user's keys stay, without owner.
CREATE TABLE llmux_api_keys (
  id                    VARCHAR(64)    NOT NULL PRIMARY KEY,
  key_hash              VARCHAR(64)    NOT NULL,
  key_name              VARCHAR(32)    NOT NULL,
  previous_key_hash     VARCHAR(64),
  previous_key_valid_until TIMESTAMP WITH TIME ZONE,
  alias                 VARCHAR(256),
  alias_key             VARCHAR(256),
  user_id               VARCHAR(128),
  team_id               VARCHAR(128) REFERENCES llmux_teams (id),
  organization_id       VARCHAR(128),
  models                VARCHAR(1000000) NOT NULL,
  aliases               VARCHAR(1000000) NOT NULL,
  max_budget            NUMERIC(20,10),
  soft_budget           NUMERIC(20,10),
  budget_duration       VARCHAR(16),
  tpm                   BIGINT,
  rpm                   BIGINT,
  max_parallel_requests INTEGER,
  metadata              VARCHAR(1000000) NOT NULL,
  tags                  VARCHAR(1000000) NOT NULL,
  expires_at            TIMESTAMP WITH TIME ZONE,
  blocked               BOOLEAN        NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);
CREATE UNIQUE INDEX llmux_api_keys_hash ON llmux_api_keys (key_hash);
CREATE INDEX llmux_api_keys_previous_hash ON llmux_api_keys (previous_key_hash);
CREATE UNIQUE INDEX llmux_api_keys_alias_key ON llmux_api_keys (alias_key);
CREATE INDEX llmux_api_keys_user ON llmux_api_keys (user_id);
CREATE INDEX llmux_api_keys_team ON llmux_api_keys (team_id);
CREATE INDEX llmux_api_keys_org ON llmux_api_keys (organization_id);
CREATE INDEX llmux_api_keys_created ON llmux_api_keys (created_at);

CREATE TABLE llmux_end_users (
  id                    VARCHAR(256)   NOT NULL PRIMARY KEY,
  alias                 VARCHAR(256),
  budget_id             VARCHAR(128) REFERENCES llmux_budgets (id),
  blocked               BOOLEAN        NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX llmux_end_users_budget ON llmux_end_users (budget_id);

-- Invitations: only the SHA-256 (hex) of the token is stored; uses is incremented with
-- "uses = uses + 1 WHERE uses < max_uses" so concurrent accepts never exceed max_uses.
CREATE TABLE llmux_invitations (
  id                    VARCHAR(64)    NOT NULL PRIMARY KEY,
  token_hash            VARCHAR(64)    NOT NULL,
  team_id               VARCHAR(128) REFERENCES llmux_teams (id),
  organization_id       VARCHAR(128) REFERENCES llmux_organizations (id),
  role                  VARCHAR(32)    NOT NULL,
  max_uses              INTEGER        NOT NULL,
  uses                  INTEGER        NOT NULL,
  expires_at            TIMESTAMP WITH TIME ZONE,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by            VARCHAR(256)
);
CREATE UNIQUE INDEX llmux_invitations_token ON llmux_invitations (token_hash);
CREATE INDEX llmux_invitations_team ON llmux_invitations (team_id);
CREATE INDEX llmux_invitations_org ON llmux_invitations (organization_id);

-- Append-only: the code has INSERT and SELECT on it, never UPDATE or DELETE.
CREATE TABLE llmux_audit_log (
  id                    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  occurred_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  actor                 VARCHAR(256)   NOT NULL,
  actor_key_id          VARCHAR(64),
  action                VARCHAR(64)    NOT NULL,
  object_type           VARCHAR(32)    NOT NULL,
  object_id             VARCHAR(256)   NOT NULL,
  before_json           VARCHAR(1000000),
  after_json            VARCHAR(1000000)
);
CREATE INDEX llmux_audit_log_at ON llmux_audit_log (occurred_at);
CREATE INDEX llmux_audit_log_actor ON llmux_audit_log (actor);
CREATE INDEX llmux_audit_log_object ON llmux_audit_log (object_type, object_id);
CREATE INDEX llmux_audit_log_action ON llmux_audit_log (action);
