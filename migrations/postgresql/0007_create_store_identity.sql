-- A random identity for this database, made once, compared by the readiness check (see migrations/sqlite/0007).
CREATE TABLE store_identity (
    id  TEXT NOT NULL
);
INSERT INTO store_identity (id) VALUES (md5(random()::text || clock_timestamp()::text));
