-- The health record: persons, their episodes (assessments, follow-ups, lab-only visits) and the
-- entries of each episode. Every row is versioned: the current version lives in the main table, every
-- earlier one in its *_version table. Nothing clinical is deleted: rows are voided with a reason.

CREATE TABLE person (
  id TEXT PRIMARY KEY,
  record_number TEXT NOT NULL UNIQUE,
  site_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('active', 'voided', 'merged')),
  void_reason TEXT,
  merged_into TEXT REFERENCES person (id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  -- Copies of searchable fields of `data`, kept by the repository in the same statement.
  sex TEXT NOT NULL,
  birth_from TEXT NOT NULL,
  birth_to TEXT NOT NULL,
  nationality TEXT,
  legal_status TEXT NOT NULL,
  arrival_date TEXT,
  phone_digits TEXT
) STRICT;

CREATE INDEX person_birth ON person (birth_from, birth_to);
CREATE INDEX person_nationality ON person (nationality, birth_from);
CREATE INDEX person_arrival ON person (arrival_date);
CREATE INDEX person_phone ON person (phone_digits) WHERE phone_digits IS NOT NULL;
CREATE INDEX person_updated ON person (updated_at);

CREATE TABLE person_version (
  person_id TEXT NOT NULL REFERENCES person (id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  void_reason TEXT,
  data TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (person_id, version)
) STRICT, WITHOUT ROWID;

-- Search keys of a person: one row per (key, person). Name keys ('n:' + key from the name matcher)
-- and identifier keys ('i:' + normalised identifier). A WITHOUT ROWID B-tree: exact and prefix
-- lookups are range scans.
CREATE TABLE person_key (
  key TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES person (id),
  PRIMARY KEY (key, person_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX person_key_person ON person_key (person_id);

-- Record numbers: CODE-YEAR-00001, counted per year.
CREATE TABLE record_counter (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;

CREATE TABLE episode (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES person (id),
  site_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('initial-assessment', 'follow-up', 'lab-only')),
  date TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('active', 'voided')),
  void_reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE INDEX episode_person ON episode (person_id, date);

CREATE TABLE episode_version (
  episode_id TEXT NOT NULL REFERENCES episode (id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  void_reason TEXT,
  data TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (episode_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE entry (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES person (id),
  episode_id TEXT NOT NULL REFERENCES episode (id),
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- The entry's code (LOINC, ICD-10, antigen...) for per-code views such as the vitals chart.
  code TEXT,
  effective_at TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('active', 'voided')),
  void_reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE INDEX entry_episode ON entry (episode_id);
CREATE INDEX entry_person_kind ON entry (person_id, kind, code, effective_at);

CREATE TABLE entry_version (
  entry_id TEXT NOT NULL REFERENCES entry (id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  void_reason TEXT,
  data TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (entry_id, version)
) STRICT, WITHOUT ROWID;

-- The bytes of attached documents (PDF, images, up to 50 MB), encrypted with the rest of the file.
-- The entry of kind 'document' holds the title, type, size and SHA-256.
CREATE TABLE document_blob (
  entry_id TEXT PRIMARY KEY REFERENCES entry (id),
  bytes BLOB NOT NULL
) STRICT;

-- Unfinished forms (an assessment in progress), per user: saved as the user types, encrypted like
-- everything else, removed when the form is saved for real.
CREATE TABLE draft (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  person_id TEXT,
  data TEXT NOT NULL CHECK (json_valid(data)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) STRICT;

-- Nothing clinical is ever deleted, not even by a tool that bypasses the application.
CREATE TRIGGER person_no_delete BEFORE DELETE ON person BEGIN SELECT RAISE(ABORT, 'persons are voided or merged, never deleted'); END;
CREATE TRIGGER episode_no_delete BEFORE DELETE ON episode BEGIN SELECT RAISE(ABORT, 'episodes are voided, never deleted'); END;
CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry BEGIN SELECT RAISE(ABORT, 'entries are voided, never deleted'); END;
CREATE TRIGGER document_blob_no_delete BEFORE DELETE ON document_blob BEGIN SELECT RAISE(ABORT, 'documents are voided, never deleted'); END;
CREATE TRIGGER person_version_no_change BEFORE UPDATE ON person_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
CREATE TRIGGER person_version_no_delete BEFORE DELETE ON person_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
CREATE TRIGGER episode_version_no_change BEFORE UPDATE ON episode_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
CREATE TRIGGER episode_version_no_delete BEFORE DELETE ON episode_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
CREATE TRIGGER entry_version_no_change BEFORE UPDATE ON entry_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
CREATE TRIGGER entry_version_no_delete BEFORE DELETE ON entry_version BEGIN SELECT RAISE(ABORT, 'versions are history'); END;
