-- When a live session's byte counts were last saved: a broker killed outright ends it there on
-- its next start, so billable time (P8) stops at the last moment the session was known alive.
ALTER TABLE sessions ADD COLUMN checkpoint_at TIMESTAMP WITH TIME ZONE;
