-- Separation of duties (issue 14): a new account is requested by one administrator and made
-- when a second approves (account.requested / account.approved in the log). What must not go
-- in the log waits here until then: the display name and the argon2id hash of the first
-- password. The row is removed when the account is made.
CREATE TABLE account_request_detail (
  request_id uuid PRIMARY KEY,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE account_request_detail IS 'The display name and password hash of a requested account, kept out of the log until a second administrator approves the request (then removed).';
