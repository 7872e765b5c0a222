-- The keys that protect the back office's sign-in cookies and antiforgery tokens, kept in the
-- database rather than in a folder beside it, so that every instance of a site (and the same site
-- after a restart or a move to another machine) reads the same keys: a second instance behind a
-- load balancer accepts the cookie the first one issued.
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
