-- A submit stores the response (its answers as JSON) and is acknowledged; the rows the summaries
-- count (response_values, response_background) are derived from that JSON alone and are written a
-- moment later, many responses at a time, when the writer has a moment (see Submissions). A
-- response whose rows are not written yet has values_pending = 1; whatever reads those rows
-- writes the pending ones first (ResponseValues.CatchUpAsync), and a site that was stopped before
-- writing them does so when it starts again.
ALTER TABLE responses ADD COLUMN values_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_responses_values_pending ON responses (questionnaire_id, id) WHERE values_pending = 1;
