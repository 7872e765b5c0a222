-- A draft has a revision that every edit raises by one (see migrations/sqlite/0005).
ALTER TABLE questionnaires ADD COLUMN draft_revision INTEGER NOT NULL DEFAULT 1;
