-- A random identity for this database, made once. A site reads it at start; its readiness check
-- (/readyz) compares it with what the file at the configured path holds now, so that a database
-- file deleted or replaced under a running site is noticed instead of written to in vain.
CREATE TABLE store_identity (
    id  TEXT NOT NULL
);
INSERT INTO store_identity (id) VALUES (lower(hex(randomblob(16))));
