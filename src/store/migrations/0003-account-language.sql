-- The language an official last chose in the web application (ar, ckb, kmr, en), so that it
-- follows them to any browser: at login the account's language wins over the browser's cookie.
ALTER TABLE account ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$');
COMMENT ON COLUMN account.language IS 'The web application language the official last chose; null until they choose one.';
