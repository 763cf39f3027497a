-- Security keys (WebAuthn) as a second factor beside TOTP (src/api/security-keys.ts). An account
-- may have several; one key, or a confirmed TOTP secret, is a second factor in use.

-- A key as its registration gave it: the credential's id and public key (a COSE_Key, as the
-- authenticator sent it: nothing secret), the signature counter last seen, the transports the
-- browser reported (hints for the next login), and the name the official gave it.
CREATE TABLE security_key (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  credential_id bytea NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  counter bigint NOT NULL CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
COMMENT ON TABLE security_key IS 'WebAuthn credentials of officials (a second factor): credential id, COSE public key, signature counter (a lower or equal one is refused), transports, the name the official gave it.';
CREATE INDEX security_key_by_account ON security_key (account_id);

-- The challenge of a ceremony under way, bound to the session that asked for it (a half-finished
-- login, or the session enrolling a key): one at a time per session, taken once by the answer
-- that passes, refused after expires_at, and gone with the session.
CREATE TABLE security_key_challenge (
  session_token_hash bytea PRIMARY KEY REFERENCES session (token_hash) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
  challenge text NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE security_key_challenge IS 'The WebAuthn challenge a session was given (base64url), for registering a key or logging in with one; single use, short-lived.';
