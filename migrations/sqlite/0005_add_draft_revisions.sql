-- A draft has a revision that every edit raises by one. An edit made from a page that showed an
-- older revision is refused with a message instead of overwriting what someone else saved meanwhile.
ALTER TABLE questionnaires ADD COLUMN draft_revision INTEGER NOT NULL DEFAULT 1;
