-- Scopes (issue 14): which persons an account's permissions reach. An account is assigned
-- facilities (officers, clerks, supervisors), courts (judges, court clerks), or the whole
-- register ('all'); src/domain/scope.ts says what each role's assignments come to.

CREATE TABLE account_scope (
  account_id uuid NOT NULL REFERENCES account (id),
  kind text NOT NULL CHECK (kind IN ('all', 'facility', 'court')),
  value text NOT NULL CHECK ((kind = 'all') = (value = '')),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, kind, value)
);
COMMENT ON TABLE account_scope IS 'What each account reaches: all (the whole register, value empty), a facility (its id) or a court (its name as case.ts courtName keeps it).';

-- Accounts that existed before scopes kept the reach they had, the whole register, until an
-- administrator assigns them facilities or courts; accounts created from now on reach only
-- what they are assigned.
INSERT INTO account_scope (account_id, kind, value, assigned_at) SELECT id, 'all', '', now() FROM account;

-- Requests refused because the record was out of the account's scope (answered as not found).
-- Append-only, like the audit of reads; no personal data: the id or name the request gave.
CREATE TABLE scope_denial (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  kind text NOT NULL,
  subject text NOT NULL,
  route text NOT NULL,
  at timestamptz NOT NULL
);
COMMENT ON TABLE scope_denial IS 'In-role requests refused as out of the account''s scope: who, which kind of record (person, case file, transfer, facility, court), its id or name, the route, when.';
CREATE INDEX scope_denial_by_account ON scope_denial (account_id, at);
CREATE TRIGGER scope_denial_append_only BEFORE UPDATE OR DELETE ON scope_denial FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON scope_denial FROM PUBLIC;
