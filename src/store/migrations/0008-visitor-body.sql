-- A visitor's account is bound to the visiting body that accredited them (visit.ts): a visitor
-- sees a facility's register only while an accredited visit of that body is open there.
ALTER TABLE account ADD COLUMN visiting_body_id uuid;
COMMENT ON COLUMN account.visiting_body_id IS 'For a visitor: the visiting body (visiting_body.id in the projections) the account is accredited for; null for other roles.';
