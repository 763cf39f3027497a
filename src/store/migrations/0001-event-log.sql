-- The event log: the register's system of record. Append-only; projections are derived.
-- Written to the PostgreSQL 15 subset so PGlite (PostgreSQL 18) and a server run the same.

CREATE FUNCTION sijill_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  size bigint NOT NULL CHECK (size >= 0)
);
COMMENT ON TABLE log_head IS 'Number of events in the log. Locked by every append, so leaf indexes are dense and in commit order.';
INSERT INTO log_head (size) VALUES (0);

CREATE TABLE command (
  actor text NOT NULL,
  idempotency_key text NOT NULL,
  kind text NOT NULL,
  request_hash bytea NOT NULL,
  response jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (actor, idempotency_key)
);
COMMENT ON TABLE command IS 'Every accepted command, by actor and idempotency key: a retry with the same key and body gets the saved response; the same key with another body is refused. Keys are per actor, so one official''s key never returns another''s response.';

CREATE TABLE event (
  idx bigint PRIMARY KEY CHECK (idx >= 0),
  event_id uuid NOT NULL UNIQUE,
  kind text NOT NULL,
  person_id uuid,
  prev_person_idx bigint,
  prev_person_hash bytea,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  idempotency_key text NOT NULL,
  bytes bytea NOT NULL,
  leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
  CHECK ((prev_person_idx IS NULL) = (prev_person_hash IS NULL)),
  CHECK (prev_person_idx IS NULL OR (person_id IS NOT NULL AND prev_person_idx < idx))
);
COMMENT ON TABLE event IS 'The append-only event log. bytes are the RFC 8785 canonical JSON of the event (with a per-event random salt) and are the truth; the other columns repeat parts of it for indexing and are checked against it.';
COMMENT ON COLUMN event.idx IS 'Leaf index in the Merkle tree over the log (0-based, dense).';
COMMENT ON COLUMN event.leaf_hash IS 'RFC 6962 leaf hash: SHA-256(0x00 || bytes).';
COMMENT ON COLUMN event.prev_person_idx IS 'Index of the previous event about the same person: each person''s events form a chain a monitor can follow.';
COMMENT ON COLUMN event.occurred_at IS 'When it happened, as reported.';
COMMENT ON COLUMN event.recorded_at IS 'When the register learned of it.';
CREATE INDEX event_by_person ON event (person_id, idx) WHERE person_id IS NOT NULL;
-- No fork: an event has at most one successor in its person's chain, and a person one first event.
CREATE UNIQUE INDEX event_one_successor ON event (prev_person_idx) WHERE prev_person_idx IS NOT NULL;
CREATE UNIQUE INDEX event_one_chain_start ON event (person_id) WHERE person_id IS NOT NULL AND prev_person_idx IS NULL;

CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER command_append_only BEFORE UPDATE OR DELETE ON command FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER command_no_truncate BEFORE TRUNCATE ON command FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON event, command FROM PUBLIC;

CREATE TABLE person_chain (
  person_id uuid PRIMARY KEY,
  last_idx bigint NOT NULL,
  last_hash bytea NOT NULL,
  length integer NOT NULL CHECK (length > 0)
);
COMMENT ON TABLE person_chain IS 'Head of each person''s chain of events, kept by the append in the same transaction; sijill check compares it with the log.';

CREATE TABLE account (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
COMMENT ON TABLE account IS 'Officials who use the register. Passwords are argon2id hashes; every event names its actor by username.';

CREATE TABLE session (
  token_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE session IS 'Login sessions. Only the SHA-256 of the cookie token is stored.';

CREATE TABLE read_audit (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  person_id uuid NOT NULL,
  what text NOT NULL,
  read_at timestamptz NOT NULL
);
COMMENT ON TABLE read_audit IS 'Every read of a person''s record: who, when, which record, what part (MR6, ICPPED 22).';
CREATE INDEX read_audit_by_person ON read_audit (person_id, read_at);
CREATE TRIGGER read_audit_append_only BEFORE UPDATE OR DELETE ON read_audit FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON read_audit FROM PUBLIC;

CREATE TABLE projection_schema (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  digest text NOT NULL
);
COMMENT ON TABLE projection_schema IS 'Digest of projections.sql the projections were built with; a change rebuilds them from the log.';
