-- The centre, its users, its settings, and the hash-chained access log.

CREATE TABLE centre (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  store_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  code TEXT NOT NULL,
  created_at TEXT NOT NULL,
  recovery_confirmed_at TEXT
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'mediator', 'viewer')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users (id),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE centre_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT,
  username TEXT,
  role TEXT,
  method TEXT NOT NULL,
  person_id TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  changes TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_person_id ON audit_log (person_id, seq);
CREATE INDEX audit_log_user_id ON audit_log (user_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The last row's seq and hash, written in the same transaction as each row: deleting rows from the
-- end of the chain then shows as a mismatch with the head.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;

-- The log is append-only through SQL as well: the application never updates or deletes a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
