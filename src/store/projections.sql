-- Projections: current-state tables derived from the event log. They can be dropped and
-- rebuilt by replaying the log (sijill check --rebuild); sijill check proves they equal a
-- replay. Unqualified names: the same file builds a scratch copy for that comparison.

CREATE TABLE facility (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  authority text NOT NULL,
  country text NOT NULL,
  timezone text NOT NULL,
  capacity jsonb NOT NULL,
  version integer NOT NULL
);
COMMENT ON TABLE facility IS 'Places people are held, with capacity per category (group_status).';

CREATE TABLE facility_unit (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL,
  name text NOT NULL,
  category text NOT NULL
);
COMMENT ON TABLE facility_unit IS 'Units of a facility; each holds one category only (MR11).';
CREATE INDEX facility_unit_by_facility ON facility_unit (facility_id);

CREATE TABLE person (
  id uuid PRIMARY KEY,
  register_number text NOT NULL UNIQUE,
  sex text NOT NULL,
  gender text NOT NULL,
  dob jsonb NOT NULL,
  nationalities text[] NOT NULL,
  languages text[] NOT NULL,
  biometric_refs jsonb NOT NULL,
  custody_status text NOT NULL,
  facility_id uuid,
  unit_id uuid,
  legal_status text,
  category text,
  custody_since timestamptz NOT NULL,
  frozen boolean NOT NULL,
  merged_into uuid,
  registered_at timestamptz NOT NULL,
  version integer NOT NULL
);
COMMENT ON TABLE person IS 'Each person on the register, with their custody state now (DESIGN 3.2).';
CREATE INDEX person_by_place ON person (facility_id, category) WHERE facility_id IS NOT NULL;

CREATE TABLE name_record (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  script text NOT NULL,
  full_name text NOT NULL,
  parts jsonb NOT NULL,
  source text NOT NULL,
  confidence numeric NOT NULL
);
COMMENT ON TABLE name_record IS 'Every name a person has used, by script and source; never removed.';
CREATE INDEX name_record_by_person ON name_record (person_id);

CREATE TABLE person_document (
  person_id uuid NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL,
  number text NOT NULL,
  issuing_country text NOT NULL,
  PRIMARY KEY (person_id, position)
);
COMMENT ON TABLE person_document IS 'Identity documents; searchable by number.';
CREATE INDEX person_document_by_number ON person_document (upper(number));

CREATE TABLE admission (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  facility_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  legal_status text NOT NULL,
  category text NOT NULL,
  admitted_at timestamptz NOT NULL,
  basis jsonb NOT NULL,
  items jsonb NOT NULL,
  capacity_override jsonb,
  event_idx bigint NOT NULL
);
COMMENT ON TABLE admission IS 'Admissions with every item of STANDARDS A, known or unknown-with-reason.';
CREATE INDEX admission_by_person ON admission (person_id);

CREATE TABLE custody_period (
  person_id uuid NOT NULL,
  seq integer NOT NULL,
  status text NOT NULL,
  facility_id uuid,
  from_idx bigint NOT NULL,
  from_at timestamptz NOT NULL,
  to_idx bigint,
  to_at timestamptz,
  transfer_id uuid,
  PRIMARY KEY (person_id, seq)
);
COMMENT ON TABLE custody_period IS 'Who held each person when: periods follow each other with no gap and no overlap; exactly one is open. An in_transit period names its transfer.';

CREATE TABLE task (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL,
  opened_idx bigint NOT NULL
);
COMMENT ON TABLE task IS 'Follow-ups the law calls for (unknown items, examinations, referrals, notifications), with due times.';
CREATE INDEX task_open_by_due ON task (due_at) WHERE status = 'open';
CREATE INDEX task_by_person ON task (person_id);

CREATE TABLE duplicate_review (
  person_id uuid NOT NULL,
  candidate_id uuid NOT NULL,
  score numeric NOT NULL,
  explanation jsonb NOT NULL,
  status text NOT NULL,
  opened_idx bigint NOT NULL,
  closed_idx bigint,
  PRIMARY KEY (person_id, candidate_id)
);
COMMENT ON TABLE duplicate_review IS 'Suspected duplicates awaiting a person''s decision: open, merged or dismissed. Nothing is merged automatically.';
CREATE INDEX duplicate_review_open ON duplicate_review (opened_idx) WHERE status = 'open';

CREATE TABLE incident (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  opened_at timestamptz NOT NULL,
  status text NOT NULL,
  detail jsonb NOT NULL,
  owner text NOT NULL,
  transfer_id uuid,
  closed_idx bigint
);
COMMENT ON TABLE incident IS 'Incidents (escapes, persons unaccounted for at the count of a transfer), each with an owner and the time it opened: never a silent state.';
CREATE INDEX incident_open ON incident (opened_at) WHERE status = 'open';

CREATE TABLE transfer (
  id uuid PRIMARY KEY,
  status text NOT NULL,
  origin jsonb NOT NULL,
  destination jsonb NOT NULL,
  origin_facility_id uuid,
  destination_facility_id uuid,
  reason text NOT NULL,
  persons integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  approved_by text,
  cancellation jsonb,
  escort jsonb,
  releasing_official text,
  dispatched_at timestamptz,
  receiving_official text,
  count_closed_at timestamptz,
  rejection jsonb,
  closed_at timestamptz,
  last_idx bigint NOT NULL
);
COMMENT ON TABLE transfer IS 'Transfer orders (manifests) and where each stands; both sides of the handover: the releasing official at dispatch, the receiving official at the count.';
CREATE INDEX transfer_by_status ON transfer (status, created_at);

CREATE TABLE transfer_person (
  transfer_id uuid NOT NULL,
  person_id uuid NOT NULL,
  position integer NOT NULL,
  status text NOT NULL,
  from_facility_id uuid,
  from_unit_id uuid,
  from_category text,
  safeguards jsonb,
  discrepancy jsonb,
  incident_id uuid,
  unit_id uuid,
  settled_at timestamptz,
  PRIMARY KEY (transfer_id, person_id)
);
COMMENT ON TABLE transfer_person IS 'Each person on a transfer: listed, in transit, in a discrepancy, unaccounted (an incident), received, returned or exited.';
CREATE INDEX transfer_person_by_person ON transfer_person (person_id);
