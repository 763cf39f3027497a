-- The transparency log over the event log (issue 3): the Merkle tree's complete subtrees,
-- signed checkpoints and witness cosignatures. All three are insert-only.

CREATE TABLE log_subtree (
  level smallint NOT NULL CHECK (level >= 0 AND level < 63),
  idx bigint NOT NULL CHECK (idx >= 0),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);
COMMENT ON TABLE log_subtree IS 'RFC 6962 hashes of the complete subtrees of the Merkle tree over the event log: the subtree at (level, idx) covers leaves [idx·2^level, (idx+1)·2^level). A complete subtree never changes, so each row is written once, by the transaction that appends its last leaf; a log of n events holds 2n − popcount(n) rows. Level 0 holds the leaf hashes.';

CREATE TRIGGER log_subtree_append_only BEFORE UPDATE OR DELETE ON log_subtree FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER log_subtree_no_truncate BEFORE TRUNCATE ON log_subtree FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();

CREATE TABLE log_checkpoint (
  size bigint PRIMARY KEY CHECK (size >= 0),
  root bytea NOT NULL CHECK (length(root) = 32),
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE log_checkpoint IS 'Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note). The primary key on size means the log can never have signed two roots for one size.';

-- A checkpoint may only cover leaves the tree already holds: a signer cannot get ahead of
-- what is committed, whatever code calls it.
CREATE FUNCTION sijill_checkpoint_within_tree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.size > 0 AND NOT EXISTS (SELECT 1 FROM log_subtree WHERE level = 0 AND idx = NEW.size - 1) THEN
    RAISE EXCEPTION 'checkpoint of size % is beyond the tree', NEW.size USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER log_checkpoint_within_tree BEFORE INSERT ON log_checkpoint FOR EACH ROW EXECUTE FUNCTION sijill_checkpoint_within_tree();
CREATE TRIGGER log_checkpoint_append_only BEFORE UPDATE OR DELETE ON log_checkpoint FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER log_checkpoint_no_truncate BEFORE TRUNCATE ON log_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();

CREATE TABLE log_cosignature (
  size bigint NOT NULL REFERENCES log_checkpoint (size),
  witness text NOT NULL,
  key_id bigint NOT NULL CHECK (key_id >= 0 AND key_id < 4294967296),
  signed_at timestamptz NOT NULL,
  line text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (size, witness, key_id)
);
COMMENT ON TABLE log_cosignature IS 'Witness cosignatures (C2SP tlog-cosignature v1) on stored checkpoints, verified against the configured witness keys before they are kept. line is the signature line served after the checkpoint.';

CREATE TRIGGER log_cosignature_append_only BEFORE UPDATE OR DELETE ON log_cosignature FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER log_cosignature_no_truncate BEFORE TRUNCATE ON log_cosignature FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON log_subtree, log_checkpoint, log_cosignature FROM PUBLIC;
