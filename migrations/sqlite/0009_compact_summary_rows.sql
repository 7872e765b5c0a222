-- The summary rows become one row per response instead of one per answered value.
--
-- response_values (a row per value, ~28 a response, plus a covering index) and response_background
-- (a row per background variable) made a summary count in index order, but any breakdown other than
-- by sector had to join every value row to its respondent's group, and they took most of the file.
-- Now each response has one row in response_summaries: its filters (sector, mode, time) and its
-- other background variables (JSON) as columns, and its answers as a short list of codes (see
-- Responses/SummaryRows.cs): each code names a row of summary_keys, a question's item and value,
-- and a free number follows its code. A summary reads a questionnaire's rows in key order and
-- counts them by any breakdown in one pass. The keys hold only what the questionnaire itself
-- defines (its questions' items and choices) and the names of background variables (question ''),
-- never a person's own text or background value, so erasing a response's row erases all of it.
--
-- The rows are derived from the stored answers alone, so moving is writing them again: every
-- response is marked pending, and the sites write the rows the first time they start (or when a
-- summary is asked for first).
CREATE TABLE summary_keys (
    id                INTEGER PRIMARY KEY,
    questionnaire_id  INTEGER NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    question          TEXT    NOT NULL,
    item              TEXT    NOT NULL,
    value             TEXT    NOT NULL,
    number            REAL    NULL,
    UNIQUE (questionnaire_id, question, item, value)
);

CREATE TABLE response_summaries (
    questionnaire_id  INTEGER NOT NULL,
    response_id       INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    sector            TEXT    NOT NULL DEFAULT '',
    mode              TEXT    NOT NULL,
    background        TEXT    NOT NULL DEFAULT '{}',
    submitted_at      TEXT    NOT NULL,
    codes             BLOB    NOT NULL,
    PRIMARY KEY (questionnaire_id, response_id)
) WITHOUT ROWID;
CREATE INDEX ix_response_summaries_response ON response_summaries (response_id);

-- The pending responses' index said "values_pending = 1", which the queries' "WHERE values_pending"
-- (as PostgreSQL's index says it) does not match: SQLite read every response to find the pending ones.
DROP INDEX ix_responses_values_pending;
CREATE INDEX ix_responses_values_pending ON responses (questionnaire_id, id) WHERE values_pending;

DROP TABLE response_values;
DROP TABLE response_background;
UPDATE responses SET values_pending = 1;
