-- Sessions and keys that can be ended: a security stamp per user, carried in the sign-in cookie
-- and checked on every request; it changes on sign-out, password change or reset, role change and
-- disabling, which ends every session of that user at once. A disabled user keeps their row (and
-- the audit log its trail) but can neither sign in nor use an API key.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled_at TEXT NULL;
UPDATE users SET security_stamp = lower(hex(randomblob(16)));

-- Failed sign-ins, counted for every e-mail typed, known or not, so that an unknown account is
-- answered exactly like a known one (lock message included). Keyed by a hash of the lower-cased
-- e-mail, so that what strangers type is not kept. users.failed_logins and locked_until are no
-- longer used.
CREATE TABLE login_failures (
    key_hash      TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL,
    locked_until  TEXT    NULL,
    updated_at    TEXT    NOT NULL
);
