-- Failed logins per username, to hold back password guessing: after a few failures each
-- further one locks the username for longer (src/api/login-lockout.ts). Kept by username, not
-- by account, so that an unknown username locks exactly as a real one does and a lockout
-- says nothing about which usernames exist; kept in the database, so that the lock holds
-- across processes and restarts. A successful login or an administrator clears the row.
CREATE TABLE login_failure (
  username text PRIMARY KEY CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  failures integer NOT NULL CHECK (failures > 0),
  last_failed_at timestamptz NOT NULL,
  locked_until timestamptz
);
COMMENT ON TABLE login_failure IS 'Failed logins by username since the last success, and until when the username is locked.';
