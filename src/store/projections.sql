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
-- A state's nationals (a liaison officer's scope, the states desk): the persons whose record holds its nationality.
CREATE INDEX person_by_nationality ON person USING gin (nationalities);

CREATE TABLE name_record (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  script text NOT NULL,
  full_name text NOT NULL,
  parts jsonb NOT NULL,
  source text NOT NULL,
  confidence numeric NOT NULL,
  -- The name's words as a liaison officer's search folds them (queries/nationals.ts nameWords,
  -- the same expression): lower case; hamza forms of alif, alif maqsura and ta marbuta as the
  -- plain letters; short vowels, shadda and tatweel left out; split at spaces and hyphens.
  words text[] GENERATED ALWAYS AS (regexp_split_to_array(btrim(translate(lower(full_name), 'أإآٱىةًٌٍَُِّْٰـ', 'اااايه')), '[[:space:]-]+')) STORED
);
COMMENT ON TABLE name_record IS 'Every name a person has used, by script and source; never removed.';
CREATE INDEX name_record_by_person ON name_record (person_id);
CREATE INDEX name_record_by_word ON name_record USING gin (words);

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
  opened_idx bigint NOT NULL,
  done_at timestamptz,
  outcome text,
  done_by text,
  done_idx bigint
);
COMMENT ON TABLE task IS 'Follow-ups the law calls for (unknown items, examinations, referrals, notifications), with due times; open, or done with when, what and by whom.';
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
CREATE INDEX duplicate_review_open_by_score ON duplicate_review (score DESC, opened_idx) WHERE status = 'open';
CREATE INDEX duplicate_review_open_by_candidate ON duplicate_review (candidate_id) WHERE status = 'open';

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
  stops jsonb NOT NULL,
  at_stop integer,
  next_stop integer NOT NULL,
  last_idx bigint NOT NULL,
  production jsonb,
  production_of uuid,
  return_by timestamptz
);
COMMENT ON TABLE transfer IS 'Transfer orders (manifests) and where each stands; both sides of the handover: the releasing official at dispatch, the receiving official at the count.';
COMMENT ON COLUMN transfer.stops IS 'Intermediate facilities in order (legs and overnight stops); at_stop is the index of the one the escort is lodged at, next_stop the next to reach (the number of stops: the destination).';
CREATE INDEX transfer_by_status ON transfer (status, created_at);
COMMENT ON COLUMN transfer.production IS 'A court production (court-production.ts): the round trip to the court holding facility and back, for the order or hearing production_of; anyone on it not back by return_by is an incident.';
CREATE INDEX transfer_production_of ON transfer (production_of) WHERE production_of IS NOT NULL;
CREATE INDEX transfer_return_by ON transfer (return_by) WHERE return_by IS NOT NULL;

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
  leg integer,
  refusal jsonb,
  PRIMARY KEY (transfer_id, person_id)
);
COMMENT ON TABLE transfer_person IS 'Each person on a transfer: listed, in transit, lodged at a stop, in a discrepancy, unaccounted (an incident), received, returned or exited; leg is the leg travelled last (0 from the origin, k from stop k).';
CREATE INDEX transfer_person_by_person ON transfer_person (person_id);

CREATE TABLE roll_call (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL,
  unit_id uuid,
  status text NOT NULL,
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL,
  counted integer NOT NULL,
  counted_by text[] NOT NULL,
  expected integer,
  reconciled_by text,
  reconciled_at timestamptz,
  signed_off_by text,
  signed_off_at timestamptz
);
COMMENT ON TABLE roll_call IS 'Roll calls of a facility or unit: open, counting, reconciled (count closed, discrepancies found), signed off by an official who took no part in the count. expected is fixed at reconciliation.';
CREATE INDEX roll_call_by_facility ON roll_call (facility_id, opened_at);

CREATE TABLE roll_call_count (
  roll_call_id uuid NOT NULL,
  register_number text NOT NULL,
  person_id uuid,
  counted_at timestamptz NOT NULL,
  event_idx bigint NOT NULL,
  PRIMARY KEY (roll_call_id, register_number)
);
COMMENT ON TABLE roll_call_count IS 'Each register number counted at a roll call, once; person_id is the record it identified (null: on nobody''s record). A person counts once per roll call.';
CREATE UNIQUE INDEX roll_call_count_once_per_person ON roll_call_count (roll_call_id, person_id);

CREATE TABLE roll_call_discrepancy (
  id uuid PRIMARY KEY,
  roll_call_id uuid NOT NULL,
  kind text NOT NULL,
  register_number text NOT NULL,
  person_id uuid,
  held jsonb,
  status text NOT NULL,
  reason text,
  resolved_by text,
  resolved_at timestamptz
);
COMMENT ON TABLE roll_call_discrepancy IS 'Differences between the register and a count: expected_not_counted or counted_not_expected, with where the register held the person; open until resolved with a reason.';
CREATE INDEX roll_call_discrepancy_by_roll_call ON roll_call_discrepancy (roll_call_id, status);

CREATE TABLE person_seen (
  person_id uuid PRIMARY KEY,
  seen_at timestamptz NOT NULL,
  roll_call_id uuid NOT NULL
);
COMMENT ON TABLE person_seen IS 'When each person was last counted at a roll call (and at which). Last seen is the later of this and custody_since (admission, check-in, return).';

CREATE TABLE handover_list (
  id uuid PRIMARY KEY,
  transfer_id uuid NOT NULL,
  sender text NOT NULL,
  source text NOT NULL,
  rows integer NOT NULL,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL,
  event_idx bigint NOT NULL
);
COMMENT ON TABLE handover_list IS 'Handover lists from the sending side, each imported against a transfer order (reconciliation.ts).';
CREATE INDEX handover_list_by_transfer ON handover_list (transfer_id, event_idx);

CREATE TABLE handover_list_row (
  list_id uuid NOT NULL,
  row integer NOT NULL,
  outcome text NOT NULL,
  person_id uuid,
  entry jsonb NOT NULL,
  PRIMARY KEY (list_id, row)
);
COMMENT ON TABLE handover_list_row IS 'Each row of a handover list as read, and how it was settled: on the order, not on it, not on the register, added, registered, or a second listing of a person.';
CREATE INDEX handover_list_row_by_person ON handover_list_row (person_id);

CREATE TABLE handover_receipt (
  id uuid PRIMARY KEY,
  transfer_id uuid NOT NULL UNIQUE,
  receipt jsonb NOT NULL,
  event_idx bigint NOT NULL
);
COMMENT ON TABLE handover_receipt IS 'The receipt of each transfer whose handover both sides confirmed, as issued; signed with the receipt key when handed out.';

CREATE TABLE court_case (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  reference text NOT NULL,
  court text NOT NULL,
  judge text,
  prosecutor text,
  stage text NOT NULL,
  charges jsonb NOT NULL,
  opened_at timestamptz NOT NULL,
  opened_by text NOT NULL,
  opened_idx bigint NOT NULL,
  verdict jsonb,
  sentence jsonb,
  appeal jsonb
);
COMMENT ON TABLE court_case IS 'Case files before the courts (case.ts): charges, court, judge, prosecutor, stage; the verdict that stands (null once overturned on appeal), its sentence, the appeal.';
CREATE UNIQUE INDEX court_case_reference ON court_case (court, reference);
CREATE INDEX court_case_by_person ON court_case (person_id);

CREATE TABLE case_counsel (
  case_id uuid NOT NULL,
  counsel_id uuid NOT NULL,
  person_id uuid NOT NULL,
  name text NOT NULL,
  appointment text NOT NULL,
  contact text NOT NULL,
  assigned_at timestamptz NOT NULL,
  event_idx bigint NOT NULL,
  PRIMARY KEY (case_id, counsel_id)
);
COMMENT ON TABLE case_counsel IS 'Counsel assigned in each case: appointed by the court or chosen, with a contact.';

CREATE TABLE counsel_visit (
  event_idx bigint PRIMARY KEY,
  case_id uuid NOT NULL,
  counsel_id uuid NOT NULL,
  person_id uuid NOT NULL,
  visited_at timestamptz NOT NULL,
  facility_id uuid NOT NULL
);
COMMENT ON TABLE counsel_visit IS 'Every visit of counsel to the person, at which facility.';
CREATE INDEX counsel_visit_by_case ON counsel_visit (case_id, visited_at);

CREATE TABLE case_appearance (
  event_idx bigint PRIMARY KEY,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  judge text NOT NULL
);
COMMENT ON TABLE case_appearance IS 'Appearances before the investigative judge (brought_before_judge) and extensions of the time to the first one (first_appearance_extended); a person''s first appearance is their earliest brought_before_judge across cases.';
CREATE INDEX case_appearance_by_person ON case_appearance (person_id, at);

CREATE TABLE court_order (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  reference text NOT NULL,
  court text NOT NULL,
  issued_at timestamptz NOT NULL,
  judge text NOT NULL,
  days integer,
  extended_until timestamptz,
  max_penalty jsonb,
  to_facility_id uuid,
  produce_at timestamptz,
  entered_by text NOT NULL,
  confirmation text NOT NULL,
  scan jsonb,
  confirmed_by text,
  confirmed_at timestamptz,
  event_idx bigint NOT NULL
);
COMMENT ON TABLE court_order IS 'Orders of the courts (case-order.ts): detention (days, max_penalty of the most serious charge then), release, production (to the court''s holding facility, produce_at), transfer, court extension (extended_until). confirmation: judge_account or signed_scan at entry, or pending until a judge''s account confirms it (confirmed_by).';
CREATE UNIQUE INDEX court_order_reference ON court_order (court, reference);
CREATE INDEX court_order_by_case ON court_order (case_id, issued_at);
CREATE INDEX court_order_production ON court_order (court, produce_at) WHERE produce_at IS NOT NULL;

CREATE TABLE hearing (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  scheduled_for timestamptz NOT NULL,
  court text NOT NULL,
  purpose text NOT NULL,
  status text NOT NULL,
  held_at timestamptz,
  outcome jsonb,
  scheduled_idx bigint NOT NULL,
  outcome_idx bigint
);
COMMENT ON TABLE hearing IS 'Hearings of each case: scheduled, then held or adjourned; outcome holds who was present, whether an interpreter was required, the adjournment''s reason, and the flags no_counsel and no_interpreter.';
CREATE INDEX hearing_by_court ON hearing (court, scheduled_for);
CREATE INDEX hearing_by_case ON hearing (case_id, scheduled_for);

CREATE TABLE interrogation (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  place text NOT NULL,
  present jsonb NOT NULL,
  interpreter text,
  lawyer text,
  event_idx bigint NOT NULL
);
COMMENT ON TABLE interrogation IS 'Interrogation sessions (BP23): start, end, place, everyone present, the interpreter and the lawyer.';
CREATE INDEX interrogation_by_case ON interrogation (case_id, started_at);

CREATE TABLE segregation_period (
  person_id uuid NOT NULL,
  started_idx bigint NOT NULL,
  facility_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  reason text NOT NULL,
  authorised_by text NOT NULL,
  ended_at timestamptz,
  end_reason text,
  end_authorised_by text,
  ended_idx bigint,
  PRIMARY KEY (person_id, started_idx)
);
COMMENT ON TABLE segregation_period IS 'Periods of segregation (MR44), each at the facility holding the person, with why and who authorised its start and its end; at most one open per person.';
CREATE UNIQUE INDEX segregation_open_once ON segregation_period (person_id) WHERE ended_idx IS NULL;
CREATE TABLE person_clock (
  person_id uuid PRIMARY KEY,
  in_custody boolean NOT NULL,
  clocks jsonb NOT NULL,
  closed_breaches integer NOT NULL
);
CREATE INDEX person_clock_met_late ON person_clock (person_id) WHERE in_custody AND closed_breaches > 0;
COMMENT ON TABLE person_clock IS 'Each person''s legal clocks (CLOCKS.md): the clock events of the current custody and the history folded from them (domain/clocks/person-clocks.ts); closed_breaches counts the unlawful periods that have ended.';

CREATE TABLE clock_deadline (
  person_id uuid NOT NULL,
  rule text NOT NULL,
  due timestamptz,
  alert_from timestamptz,
  after_due text NOT NULL,
  since timestamptz,
  PRIMARY KEY (person_id, rule)
);
COMMENT ON TABLE clock_deadline IS 'The clocks still pending for persons in custody: the limit, the start of its alert window, what it becomes once passed (breached; met for coming of age) and since when a breach counts. A null due: nothing covers the person.';
CREATE INDEX clock_deadline_by_due ON clock_deadline (rule, due);
CREATE INDEX clock_deadline_by_alert ON clock_deadline (alert_from);

CREATE TABLE state_profile (
  state text PRIMARY KEY,
  consular_notification text NOT NULL,
  applies_death_penalty boolean NOT NULL,
  liaison_contacts jsonb NOT NULL,
  -- The data-sharing policy recorded ({fields, legal_basis}); null: the minimal default (domain/sharing-policy.ts).
  sharing_policy jsonb,
  recorded_idx bigint NOT NULL
);
COMMENT ON TABLE state_profile IS 'Each state''s profile as last recorded (state-profile.ts): its consular-notification policy, whether it applies the death penalty, its liaison contacts.';

CREATE TABLE repatriation_case (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  state text NOT NULL,
  status text NOT NULL,
  family_group text,
  record jsonb NOT NULL,
  opened_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE repatriation_case IS 'Repatriation cases (repatriation.ts): the state of nationality, the status, the family group it names (repatriation-family.ts), and the case as its events fold it (evolveRepatriation), instants as the events give them.';
CREATE UNIQUE INDEX repatriation_open_once ON repatriation_case (person_id) WHERE status <> 'closed';
CREATE INDEX repatriation_by_state ON repatriation_case (state, status);
CREATE INDEX repatriation_by_family ON repatriation_case (family_group) WHERE family_group IS NOT NULL;
-- A person's cases (a national's case stage, as a liaison sees it; the verified nationals of a state).
CREATE INDEX repatriation_by_person ON repatriation_case (person_id, state);

CREATE TABLE consular_notification (
  person_id uuid NOT NULL,
  state text NOT NULL,
  due_at timestamptz,
  sent_at timestamptz,
  record jsonb NOT NULL,
  updated_idx bigint NOT NULL,
  PRIMARY KEY (person_id, state)
);
COMMENT ON TABLE consular_notification IS 'Each person''s consular notification per state of nationality (consular-notification.ts): told of the right, their wish, the deadline (null when a refusal is respected) and when the post was informed.';
CREATE INDEX consular_notification_by_state ON consular_notification (state, due_at);

-- Complaints and allegations, evidence frozen, the detainee's own file (issue 16: complaint.ts,
-- allegation.ts, evidence-freeze.ts, own-file.ts). Each row keeps its record as its events fold it.
CREATE TABLE complaint (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  due_at timestamptz NOT NULL,
  answered boolean NOT NULL,
  record jsonb NOT NULL,
  opened_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE complaint IS 'Requests and complaints by or for a detainee (complaint.ts): the record as its events fold it (evolveComplaint), with the answer''s deadline.';
CREATE INDEX complaint_by_person ON complaint (person_id, opened_idx);
CREATE INDEX complaint_unanswered_by_due ON complaint (due_at) WHERE NOT answered;

CREATE TABLE allegation (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  status text NOT NULL,
  escalate_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  opened_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE allegation IS 'Allegations of torture or ill-treatment and their referral to the independent authority (allegation.ts): status, the escalation instant, the record as its events fold it.';
CREATE INDEX allegation_by_person ON allegation (person_id, opened_idx);
CREATE INDEX allegation_open ON allegation (escalate_at) WHERE status <> 'closed';

CREATE TABLE evidence_freeze (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  incident text NOT NULL,
  up_to_idx bigint NOT NULL,
  record jsonb NOT NULL
);
COMMENT ON TABLE evidence_freeze IS 'Records frozen as evidence after a death, a disappearance or a serious injury (evidence-freeze.ts): the person''s events up to up_to_idx.';
CREATE INDEX evidence_freeze_by_person ON evidence_freeze (person_id);

CREATE TABLE evidence_correction (
  event_idx bigint PRIMARY KEY,
  person_id uuid NOT NULL,
  corrects uuid NOT NULL,
  freeze_id uuid NOT NULL,
  record jsonb NOT NULL
);
COMMENT ON TABLE evidence_correction IS 'Corrections of frozen events, each a new event that references the frozen one; the record as frozen is unchanged.';
CREATE INDEX evidence_correction_by_person ON evidence_correction (person_id);

CREATE TABLE own_file_disclosure (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  disclosed_idx bigint NOT NULL,
  record jsonb NOT NULL
);
COMMENT ON TABLE own_file_disclosure IS 'Copies of the file given to the detainee or counsel (own-file.ts), with every redaction: what, the legal basis, who.';
CREATE INDEX own_file_by_person ON own_file_disclosure (person_id, disclosed_idx);
CREATE TABLE own_file_request (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  due_at timestamptz NOT NULL,
  answered boolean NOT NULL,
  record jsonb NOT NULL,
  requested_idx bigint NOT NULL
);
COMMENT ON TABLE own_file_request IS 'Requests of the detainee or counsel for the detainee''s own file (own-file.ts, MR9), with the limit of their answer and the copy that answered each.';
CREATE INDEX own_file_request_by_person ON own_file_request (person_id, requested_idx);
-- Information requests (ICPPED 18) and restrictions of their answers (ICPPED 20): issue 16.
CREATE TABLE information_request (
  id uuid PRIMARY KEY,
  status text NOT NULL,
  received_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  person_id uuid,
  answered_at timestamptz,
  withheld boolean NOT NULL DEFAULT false,
  record jsonb NOT NULL,
  recorded_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE information_request IS 'Information requests (information-request.ts): the request as its events fold it (evolveRequest), with the requester; person_id is the person identified by the look-up; withheld: the answer withheld an item (a refusal oversight sees).';
CREATE INDEX information_request_by_due ON information_request (status, due_at);
CREATE INDEX information_request_withheld ON information_request (answered_at) WHERE withheld;

CREATE TABLE restriction (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  approved boolean NOT NULL,
  record jsonb NOT NULL,
  requested_idx bigint NOT NULL
);
COMMENT ON TABLE restriction IS 'Restrictions of information answers (restriction.ts): approved by a second official and in force until expires_at, computed from the time by whoever reads them.';
CREATE INDEX restriction_by_person ON restriction (person_id, expires_at);
-- Independent visits (visit.ts; store/visits.ts): visiting bodies, their visits, the persons
-- seen, refusals and deferrals of access, and the notification lists drawn up for each body.
CREATE TABLE visiting_body (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  accredited boolean NOT NULL,
  accredited_by text NOT NULL,
  accreditation_reference text NOT NULL,
  withdrawal_reason text,
  registered_idx bigint NOT NULL
);
COMMENT ON TABLE visiting_body IS 'Independent visiting bodies (the ICRC, an inspectorate, a commission): who accredited them, and whether the accreditation stands.';

CREATE TABLE visit (
  id uuid PRIMARY KEY,
  body_id uuid NOT NULL,
  facility_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  starts text NOT NULL,
  ends text NOT NULL,
  closed boolean NOT NULL,
  opened_by text NOT NULL,
  opened_idx bigint NOT NULL,
  closed_idx bigint
);
COMMENT ON TABLE visit IS 'Visits of a body to a facility, between two instants (starts and ends as the event gives them); closed when the visit ends.';
CREATE INDEX visit_by_body ON visit (body_id, closed);

CREATE TABLE visit_person_seen (
  visit_id uuid NOT NULL,
  person_id uuid NOT NULL,
  seen_at text NOT NULL,
  private_interview boolean NOT NULL,
  idx bigint PRIMARY KEY
);
COMMENT ON TABLE visit_person_seen IS 'Persons seen in a visit and whether in a private interview — the fact, never its content.';
CREATE INDEX visit_person_seen_by_visit ON visit_person_seen (visit_id);

CREATE TABLE visit_access_restriction (
  idx bigint PRIMARY KEY,
  visit_id uuid NOT NULL,
  person_id uuid,
  decision text NOT NULL,
  reason text NOT NULL,
  authority text NOT NULL,
  until_at timestamptz NOT NULL,
  until text NOT NULL,
  decided_by text NOT NULL,
  decided_at text NOT NULL
);
COMMENT ON TABLE visit_access_restriction IS 'Refusals and deferrals of a visit''s access (BP29): reason, authority, end; to the whole visit, or to one detainee (person_id); shown to oversight.';
CREATE INDEX visit_access_restriction_by_visit ON visit_access_restriction (visit_id);

CREATE TABLE notification_list (
  id uuid PRIMARY KEY,
  body_id uuid NOT NULL,
  facility_id uuid NOT NULL,
  after_idx bigint NOT NULL,
  up_to_idx bigint NOT NULL,
  drawn_up_by text NOT NULL,
  drawn_up_at text NOT NULL,
  exports jsonb NOT NULL
);
COMMENT ON TABLE notification_list IS 'Notification lists for visiting bodies: the log window (after_idx, up_to_idx] of a facility''s admissions, transfers and exits, and each export (format, who, when).';
CREATE INDEX notification_list_by_body ON notification_list (body_id, facility_id, up_to_idx);
-- A facility's arrivals and departures in a window of the log, for its notification lists.
CREATE INDEX custody_period_arrivals ON custody_period (facility_id, from_idx);
CREATE INDEX custody_period_departures ON custody_period (facility_id, to_idx);
-- Public figures (issue 17): each publication prepared, and its approval.
CREATE TABLE figure_publication (
  id uuid PRIMARY KEY,
  prepared_idx bigint NOT NULL,
  prepared_at timestamptz NOT NULL,
  prepared_by text NOT NULL,
  log_size bigint NOT NULL,
  record jsonb NOT NULL,
  approved_idx bigint,
  approved_at timestamptz,
  approved_by text,
  number integer UNIQUE
);
COMMENT ON TABLE figure_publication IS 'Publications of the register''s figures (figures-publication.ts): the figures.prepared event''s data (protected tables, parameters, log size) and, once another official approved it, its number among the publications.';
-- Custody life (STANDARDS B): classification and risk assessments, and discipline
-- (classification.ts, discipline.ts). Each row keeps its record as its events fold it.
CREATE TABLE classification (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  status text NOT NULL,
  review_due timestamptz NOT NULL,
  reviewed boolean NOT NULL,
  record jsonb NOT NULL,
  opened_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE classification IS 'Classification and risk assessments (classification.ts): current, superseded or set aside on contest; the record with its contest and review date; review_due is when its review clock falls due (the review date, or the contest upheld), reviewed once a newer assessment superseded it.';
CREATE INDEX classification_by_person ON classification (person_id, opened_idx);
CREATE INDEX classification_review_pending ON classification (review_due) WHERE NOT reviewed;
CREATE UNIQUE INDEX classification_current ON classification (person_id) WHERE status = 'current';
CREATE TABLE disciplinary_case (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  status text NOT NULL,
  record jsonb NOT NULL,
  opened_idx bigint NOT NULL,
  updated_idx bigint NOT NULL
);
COMMENT ON TABLE disciplinary_case IS 'Disciplinary charges (discipline.ts): the act and the rule it breaks, the hearing, the sanction and the appeal, as the events fold them.';
CREATE INDEX disciplinary_case_by_person ON disciplinary_case (person_id, opened_idx);
CREATE TABLE disciplinary_rules (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL,
  effective_from date NOT NULL,
  record jsonb NOT NULL,
  adopted_idx bigint NOT NULL
);
COMMENT ON TABLE disciplinary_rules IS 'Versions of each facility''s disciplinary rules (MR37; disciplinary-rules.ts): offences with their conduct, sanctions and competent authority, in force from a local day.';
CREATE INDEX disciplinary_rules_by_facility ON disciplinary_rules (facility_id, adopted_idx);
-- Account requests (issue 14, account-request.ts): a new account, a new role or scope, disabling
-- or enabling an administrator, removing a second factor, asked for by one administrator and in
-- effect once a second approved it (or ended by a refusal).
CREATE TABLE account_request (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  status text NOT NULL CHECK (status IN ('awaiting_approval', 'approved', 'refused')),
  record jsonb NOT NULL,
  requested_idx bigint NOT NULL
);
COMMENT ON TABLE account_request IS 'Requests about accounts (account-request.ts): what was asked, who asked, and who approved or refused; never a password or a token.';
CREATE INDEX account_request_waiting ON account_request (username) WHERE status = 'awaiting_approval';
