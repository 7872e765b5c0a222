-- The keys that protect the back office's cookies and antiforgery tokens, shared by every instance (see migrations/sqlite/0008).
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
