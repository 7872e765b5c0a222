-- A mailing claims each invitation before it mails it (mail_claimed_at), so that two sends at the
-- same moment (a double click, two people, a reminder beside an invitation) mail each person once;
-- a claim older than ten minutes is taken to be left by a stopped site. exported_at records that
-- the invitation's link was handed out in an exported list, so it counts as sent.
ALTER TABLE invitations ADD COLUMN mail_claimed_at TEXT NULL;
ALTER TABLE invitations ADD COLUMN exported_at TEXT NULL;
