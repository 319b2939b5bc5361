-- When each API key was last used on the REST API, so a supervisor can tell a live integration
-- from a forgotten key. Written at most once a minute per key. Portable SQL: H2 and PostgreSQL.
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
