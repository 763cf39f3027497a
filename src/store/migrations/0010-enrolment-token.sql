-- Enrolment tokens (issue 14): nobody but the official chooses their password. An account made
-- by an approved request, or whose password an administrator reset, has no password until its
-- official sets one with a single-use token (src/api/enrolment-token.ts); until then nobody can
-- sign in to it. Only the token's SHA-256 is kept.
ALTER TABLE account ALTER COLUMN password_hash DROP NOT NULL;
COMMENT ON COLUMN account.password_hash IS 'argon2id; null until the official sets a password with an enrolment token (a new account, or a password reset).';

CREATE TABLE enrolment_token (
  token_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  purpose text NOT NULL CHECK (purpose IN ('new_account', 'password_reset')),
  issued_by uuid REFERENCES account (id),
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
  used_at timestamptz
);
COMMENT ON TABLE enrolment_token IS 'Single-use tokens with which an official sets their own password: the SHA-256 of the token, whose account, why, who issued it, until when it is accepted, and when it was used. Issuing another withdraws (deletes) an unused one.';
CREATE INDEX enrolment_token_by_account ON enrolment_token (account_id);
