-- What the log proves but does not carry (issue 16). Both tables are written in the same
-- transaction as the event that names their row by its SHA-256, are append-only like the log,
-- and are not projections: they cannot be rebuilt from the log, which holds only the digests.
--
-- sealed_text: the words of a confidential complaint (MR56(3)), of its answer, of the
-- allegation it opened and of the independent authority's findings on it. The log's entries are
-- read by monitors and supervisors (log.read_entries); the event holds the hex SHA-256 of the
-- salt's bytes followed by the words' UTF-8, so the log still proves what was said and a short
-- text cannot be guessed from its digest. Only the independent authority reads the words, and
-- every reading is audited (src/queries/complaints-file.ts).
CREATE TABLE sealed_text (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  salt text NOT NULL CHECK (salt ~ '^[0-9a-f]{32}$'),
  words text NOT NULL,
  kept_at timestamptz NOT NULL
);
COMMENT ON TABLE sealed_text IS 'Confidential words (MR56(3)) kept beside the log: the event holds sha256(salt bytes || UTF-8 words); read only by the independent authority, audited.';

-- given_answer: the answer to an information request (ICPPED 18) as it was given, as the RFC 8785
-- canonical JSON whose hex SHA-256 the answer's event holds (AnswerReference.sha256): the letter
-- reprints exactly what was given, whatever the register's code or facilities say later.
CREATE TABLE given_answer (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  answer text NOT NULL,
  kept_at timestamptz NOT NULL
);
COMMENT ON TABLE given_answer IS 'Answers to information requests as given: canonical JSON keyed by the SHA-256 their event holds.';

CREATE TRIGGER sealed_text_append_only BEFORE UPDATE OR DELETE ON sealed_text FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER sealed_text_no_truncate BEFORE TRUNCATE ON sealed_text FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER given_answer_append_only BEFORE UPDATE OR DELETE ON given_answer FOR EACH ROW EXECUTE FUNCTION sijill_reject_change();
CREATE TRIGGER given_answer_no_truncate BEFORE TRUNCATE ON given_answer FOR EACH STATEMENT EXECUTE FUNCTION sijill_reject_change();
REVOKE UPDATE, DELETE, TRUNCATE ON sealed_text, given_answer FROM PUBLIC;
