-- A mailing claims each invitation before it mails it; exported links count as sent (see migrations/sqlite/0006).
ALTER TABLE invitations ADD COLUMN mail_claimed_at TIMESTAMPTZ NULL;
ALTER TABLE invitations ADD COLUMN exported_at TIMESTAMPTZ NULL;
