-- The record of every sharing of personal data with a state (issue 15; STANDARDS D, data
-- protection): each read or download by a state's liaison officer — which state and account
-- received it, on what legal basis, which fields, about which persons, when, and what was read
-- ("nationals list", "nationals download xlsx", …). Written with the read audit in the same
-- transaction, by the one module that writes both (queries/personal-read.ts); read_audit keeps
-- one row per person read and cannot say to which state, on what basis, or which fields.
CREATE TABLE sharing_record (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  legal_basis text,
  fields text[] NOT NULL,
  what text NOT NULL,
  person_ids uuid[] NOT NULL,
  shared_at timestamptz NOT NULL
);
COMMENT ON TABLE sharing_record IS 'Every sharing of persons'' data with a state: recipient (state, account), legal basis (null: none recorded, the minimal default), fields, persons, when.';
CREATE INDEX sharing_record_by_time ON sharing_record (shared_at, id);
CREATE INDEX sharing_record_by_state ON sharing_record (state, shared_at, id);
CREATE TRIGGER sharing_record_append_only BEFORE UPDATE OR DELETE ON sharing_record FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON sharing_record FROM PUBLIC;
