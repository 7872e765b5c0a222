-- The summary rows of a response are written a moment after it is stored (see migrations/sqlite/0003).
ALTER TABLE responses ADD COLUMN values_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ix_responses_values_pending ON responses (questionnaire_id, id) WHERE values_pending;
