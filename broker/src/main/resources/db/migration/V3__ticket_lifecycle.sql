-- The support case lifecycle (P8, P13, P16, P17, P19-P21, P23, P24). Portable SQL: H2 and
-- PostgreSQL. One column per ALTER, which both accept.

-- Optimistic concurrency: every change of a ticket bumps its version, and a writer whose version
-- is stale retries, so two agents never overwrite each other's change.
ALTER TABLE tickets ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
-- P17: queue priority of the admitted category (1 first); null until a session is admitted.
ALTER TABLE tickets ADD COLUMN priority INTEGER;
ALTER TABLE tickets ADD COLUMN assignee VARCHAR(64);
ALTER TABLE tickets ADD COLUMN close_reason VARCHAR(32);
ALTER TABLE tickets ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;
-- P13: when the ticket is acknowledged (at once in office hours, else at the next opening) and
-- whether that has happened yet.
ALTER TABLE tickets ADD COLUMN acknowledge_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN acknowledged BOOLEAN DEFAULT FALSE NOT NULL;
-- P19: the wait on the customer, the failed contact attempts, and the reminder to make them.
ALTER TABLE tickets ADD COLUMN waiting_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN contact_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE tickets ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
-- P16: information complete, the due time, and when a third-party wait stopped the clock (P24).
ALTER TABLE tickets ADD COLUMN information_complete_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
-- P23: hand-off to development.
ALTER TABLE tickets ADD COLUMN reproduced BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE tickets ADD COLUMN promised_release VARCHAR(64);
-- P24: third-party wait.
ALTER TABLE tickets ADD COLUMN third_party VARCHAR(200);
ALTER TABLE tickets ADD COLUMN third_party_delivered_at TIMESTAMP WITH TIME ZONE;
-- P21 and P20: links to the case this one duplicates, and to the closed case it follows up.
ALTER TABLE tickets ADD COLUMN duplicate_of BIGINT REFERENCES tickets (id);
ALTER TABLE tickets ADD COLUMN follows BIGINT REFERENCES tickets (id);

-- Tickets from before this version were acknowledged when received.
UPDATE tickets SET acknowledge_at = opened_at, acknowledged = TRUE;

CREATE INDEX tickets_state ON tickets (state, priority, opened_at);
-- P21: finding the open case of a licence and machine when a helper registers again.
CREATE INDEX tickets_case ON tickets (licence_key, machine_id, state);

-- P8: whether admission decided the session is billable advisory.
ALTER TABLE sessions ADD COLUMN billable BOOLEAN DEFAULT FALSE NOT NULL;
