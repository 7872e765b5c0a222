-- Mailings the secretariat schedules (invitations at a chosen time, reminders some days later),
-- carried out by the back office's background job. A mailing is claimed (status running) by one
-- instance before it runs; one left running by a stopped site is taken again after ten minutes.
-- Every person a mailing reaches gets a delivery row before the mail goes out, so a mailing that is
-- taken again after a restart never mails one person twice.
CREATE TABLE scheduled_mailings (
    id                INTEGER PRIMARY KEY,
    questionnaire_id  INTEGER NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    due_at            TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    started_at        TEXT    NULL,
    finished_at       TEXT    NULL,
    sent              INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    error             TEXT    NULL
);
CREATE INDEX ix_scheduled_mailings_due ON scheduled_mailings (status, due_at);
CREATE INDEX ix_scheduled_mailings_questionnaire ON scheduled_mailings (questionnaire_id, due_at);

CREATE TABLE mailing_deliveries (
    mailing_id     INTEGER NOT NULL REFERENCES scheduled_mailings (id) ON DELETE CASCADE,
    invitation_id  INTEGER NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    claimed_at     TEXT    NOT NULL,
    PRIMARY KEY (mailing_id, invitation_id)
);
CREATE INDEX ix_mailing_deliveries_invitation ON mailing_deliveries (invitation_id);
