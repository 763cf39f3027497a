-- The state a liaison officer's account is bound to (issue 15): a `liaison` account sees and
-- answers only the repatriation cases of that state's nationals. ISO 3166-1 alpha-2; null for
-- every other role, and a liaison account without a state sees nothing.
ALTER TABLE account ADD COLUMN liaison_state text CHECK (liaison_state ~ '^[A-Z]{2}$');
COMMENT ON COLUMN account.liaison_state IS 'For a liaison account: the state (ISO 3166-1 alpha-2) whose nationals'' repatriation cases it sees and answers; null otherwise.';
