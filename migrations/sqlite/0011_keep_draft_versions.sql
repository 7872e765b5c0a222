-- The draft as it stood before each change (its revision, who changed it and when), the last
-- twenty per questionnaire, so that a removed question or page can be had back from the editor's
-- history. Scales the secretariat saves for reuse (agree, frequency, ...) beside the built-in ones.
CREATE TABLE draft_versions (
    questionnaire_id  INTEGER NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    revision          INTEGER NOT NULL,
    definition        TEXT    NOT NULL,
    replaced_by       TEXT    NOT NULL,
    replaced_at       TEXT    NOT NULL,
    PRIMARY KEY (questionnaire_id, revision)
);

CREATE TABLE scale_presets (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    items       TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
