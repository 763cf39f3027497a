-- A second factor (TOTP, RFC 6238) for officials, and sessions that end when idle.
-- Backward compatible: existing sessions are complete logins ('signed_in') last seen when they
-- were created; accounts without a row in second_factor have none.

-- A session is either a complete login, or a half-finished one that can do one thing only:
-- give the second factor's code ('second_factor'), or enrol a factor ('enrolment').
ALTER TABLE session ADD COLUMN stage text NOT NULL DEFAULT 'signed_in' CHECK (stage IN ('signed_in', 'second_factor', 'enrolment'));
ALTER TABLE session ADD COLUMN last_seen_at timestamptz;
COMMENT ON COLUMN session.stage IS 'signed_in: a complete login; second_factor or enrolment: password right, only the code or the enrolment may follow.';
COMMENT ON COLUMN session.last_seen_at IS 'The last request made with the session (idle timeout); null: not since it was created.';
CREATE INDEX session_by_account ON session (account_id);

-- The account's TOTP secret, sealed with AES-256-GCM under the register's second-factor key
-- (a file beside the other keys, never in the database): a dump alone does not give it.
CREATE TABLE second_factor (
  account_id uuid PRIMARY KEY REFERENCES account (id),
  secret_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  last_step bigint CHECK (last_step >= 0)
);
COMMENT ON TABLE second_factor IS 'TOTP secrets, sealed; confirmed once the first code was given; last_step is the last time step accepted (a code is accepted once).';

-- Single-use recovery codes, kept only as keyed hashes (HMAC-SHA-256 under the second-factor key).
CREATE TABLE recovery_code (
  account_id uuid NOT NULL REFERENCES account (id),
  code_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (account_id, code_hash)
);
COMMENT ON TABLE recovery_code IS 'Recovery codes of a second factor, as HMAC-SHA-256 under the second-factor key; used_at once used.';

-- What happened to accounts: enrolments, recovery codes used, factors reset, passwords,
-- roles and disabling. Append-only, like the audit of reads.
CREATE TABLE account_audit (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  what text NOT NULL,
  by_account_id uuid REFERENCES account (id),
  at timestamptz NOT NULL
);
COMMENT ON TABLE account_audit IS 'Changes to accounts and their security: who, what, when, by whom (null: the account itself).';
CREATE INDEX account_audit_by_account ON account_audit (account_id, at);
CREATE TRIGGER account_audit_append_only BEFORE UPDATE OR DELETE ON account_audit FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON account_audit FROM PUBLIC;
