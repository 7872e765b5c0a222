-- Interviews: a guide (a questionnaire in mode 'interview') filled in by an interviewer for one
-- interviewee, with notes and quotes per question, reviewed by a second person.

-- The themes quotes are tagged with; a list the secretariat keeps.
CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_themes_name ON themes (lower(name));

-- The interviewee is copied from the contact (or typed in on the spot when there is none), so the
-- record reads the same later. response_id is the response that counts in the summaries; it exists
-- while the interview is completed or reviewed. notes is a JSON object: question name -> text.
CREATE TABLE interviews (
    id                        INTEGER PRIMARY KEY,
    questionnaire_id          INTEGER NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    version                   INTEGER NOT NULL,
    contact_id                INTEGER NULL REFERENCES contacts (id) ON DELETE CASCADE,
    interviewee_name          TEXT    NOT NULL,
    interviewee_organisation  TEXT    NOT NULL DEFAULT '',
    interviewee_sector        TEXT    NOT NULL DEFAULT '',
    interviewer_id            INTEGER NOT NULL REFERENCES users (id),
    held_on                   TEXT    NOT NULL,
    channel                   TEXT    NOT NULL DEFAULT '',
    quote_consent             INTEGER NOT NULL DEFAULT 0,
    status                    TEXT    NOT NULL CHECK (status IN ('draft', 'completed', 'returned', 'reviewed')),
    answers                   TEXT    NOT NULL DEFAULT '{}',
    notes                     TEXT    NOT NULL DEFAULT '{}',
    response_id               INTEGER NULL REFERENCES responses (id) ON DELETE SET NULL,
    reviewer_id               INTEGER NULL REFERENCES users (id),
    review_comment            TEXT    NULL,
    created_at                TEXT    NOT NULL,
    updated_at                TEXT    NOT NULL,
    completed_at              TEXT    NULL,
    reviewed_at               TEXT    NULL,
    FOREIGN KEY (questionnaire_id, version) REFERENCES questionnaire_versions (questionnaire_id, version)
);
CREATE INDEX ix_interviews_questionnaire ON interviews (questionnaire_id, status);
CREATE INDEX ix_interviews_interviewer ON interviews (interviewer_id, status);

-- A quote is usable in reports only while its interview has quote_consent; that is read at report
-- time, never copied, so withdrawing consent takes every quote out at once.
CREATE TABLE interview_quotes (
    id            INTEGER PRIMARY KEY,
    interview_id  INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    question      TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX ix_interview_quotes_interview ON interview_quotes (interview_id, question);

CREATE TABLE interview_quote_themes (
    quote_id  INTEGER NOT NULL REFERENCES interview_quotes (id) ON DELETE CASCADE,
    theme_id  INTEGER NOT NULL REFERENCES themes (id),
    PRIMARY KEY (quote_id, theme_id)
);
CREATE INDEX ix_interview_quote_themes_theme ON interview_quote_themes (theme_id);

-- Every change to an interview after it was first completed: who, when, what, before and after.
CREATE TABLE interview_history (
    id            INTEGER PRIMARY KEY,
    interview_id  INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    field         TEXT    NOT NULL,
    old_value     TEXT    NULL,
    new_value     TEXT    NULL
);
CREATE INDEX ix_interview_history_interview ON interview_history (interview_id, id);
