-- Security stamps and disabled users; failed sign-ins by a hash of the e-mail typed (see migrations/sqlite/0004).
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ NULL;
UPDATE users SET security_stamp = md5(random()::text || clock_timestamp()::text);

CREATE TABLE login_failures (
    key_hash      TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL,
    locked_until  TIMESTAMPTZ NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
