-- Transfer between centres (issue 5): this site's identity, whom it trusts, which files it sent and
-- received, and per record what was last exchanged with another centre (to tell an update from a
-- conflict). The private keys are stored as PKCS#8 DER in this SQLCipher-encrypted database, so
-- they are encrypted at rest with everything else and travel in (encrypted) backups.

-- This site: one row. The card is the self-signed JWS handed to centres that pair by fingerprint;
-- the certificate is the authority-signed JWS, once the coordinating office has issued one.
CREATE TABLE site_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  site_id TEXT NOT NULL,
  signing_pkcs8 BLOB NOT NULL,
  encryption_pkcs8 BLOB NOT NULL,
  signing_key_id TEXT NOT NULL,
  encryption_key_id TEXT NOT NULL,
  card TEXT NOT NULL,
  certificate TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- The network authority's public key (SPKI DER), pinned by an admin who typed its fingerprint.
CREATE TABLE trust_authority (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_spki BLOB NOT NULL,
  key_id TEXT NOT NULL,
  pinned_at TEXT NOT NULL,
  pinned_by TEXT NOT NULL
) STRICT;

-- The current trust list of that authority: replaced only by one with a higher sequence.
CREATE TABLE trust_list (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  authority_key_id TEXT NOT NULL,
  sequence INTEGER NOT NULL CHECK (sequence >= 1),
  issued_at TEXT NOT NULL,
  jws TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

-- Centres paired directly (card + fingerprint read aloud), for those without a certificate.
CREATE TABLE paired_site (
  site_id TEXT PRIMARY KEY,
  signing_key_id TEXT NOT NULL,
  card TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  paired_at TEXT NOT NULL,
  paired_by TEXT NOT NULL
) STRICT;

-- Every file written or applied. An import of a transfer id already here changes nothing.
-- peer_site_id: the sender of an import; recipients: the site ids of an export (JSON array), with
-- passphrase = 1 when the file was also (or only) protected by a passphrase.
CREATE TABLE transfer_log (
  seq INTEGER PRIMARY KEY,
  transfer_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
  peer_site_id TEXT,
  recipients TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
  passphrase INTEGER NOT NULL DEFAULT 0 CHECK (passphrase IN (0, 1)),
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  persons INTEGER NOT NULL,
  file_sha256 TEXT NOT NULL,
  UNIQUE (transfer_id, direction)
) STRICT;

-- Per record, what this centre and another last agreed on: the content exported (what the other
-- centre now holds) or imported (what the sender held), with its version, the direction and the
-- other centre (NULL: several recipients, or a passphrase). A record changed here since then and
-- changed there since then is a conflict, field by field; changed on one side only, an update.
CREATE TABLE sync_base (
  record_type TEXT NOT NULL CHECK (record_type IN ('person', 'episode', 'entry')),
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  void_reason TEXT,
  merged_into TEXT,
  data TEXT NOT NULL CHECK (json_valid(data)),
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
  peer_site_id TEXT,
  transfer_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (record_type, record_id)
) STRICT, WITHOUT ROWID;

-- "Everything changed since a date": the persons whose episodes or entries changed.
CREATE INDEX episode_updated ON episode (updated_at);
CREATE INDEX entry_updated ON entry (updated_at);
