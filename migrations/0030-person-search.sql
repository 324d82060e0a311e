-- The name search index, built for a million persons: an FTS5 full-text index over each active
-- person's name keys (the Latin forms and sound skeletons of src/domain/names), with their birth
-- years and sex as tokens, and beside it, per person, the names ranking compares and the summary a
-- result list shows, so that a search reads neither the person table nor any full record. Name keys
-- leave person_key, which keeps the identifier and record-number keys.
--
-- person_name_fts tokens (ascii tokenizer; one document per active person, rowid = person_search.seq):
--   hassan     a name key's Latin form ('n:hassan' in person_key before)
--   0hsn       a name key's skeleton, marked with 0 ('n:HSN')
--   9b1991     a year the person may be born in (one or two: estimated ages span two)
--   9sm        sex: 9sm 9sf 9so 9su
-- detail=none keeps only which persons have a token (no positions): the index is small, so a search
-- reads few pages; prefix indexes of 2 to 4 characters serve names as they are typed.
CREATE TABLE person_search (
  seq INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL UNIQUE REFERENCES person (id),
  record_number TEXT NOT NULL,
  -- JSON array of the full names ("given family") of the person and of persons merged into them.
  names TEXT NOT NULL CHECK (json_valid(names)),
  -- JSON of what a result shows: id, recordNumber, names, sex, birth, nationality, arrivalDate,
  -- legalStatus, siteId (copies of the person's current version, rewritten with it).
  summary TEXT NOT NULL CHECK (json_valid(summary))
) STRICT;

CREATE VIRTUAL TABLE person_name_fts USING fts5(keys, content = '', contentless_delete = 1, detail = none, prefix = '2 3 4', tokenize = 'ascii');
-- Deleted and replaced documents leave the index at once rather than at the next merge.
INSERT INTO person_name_fts (person_name_fts, rank) VALUES ('secure-delete', 1);

-- The persons merged into one: read whenever a record is indexed, charted or searched by identifier.
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- How many persons share each token: the admin's duplicate list compares persons under rare keys.
CREATE VIRTUAL TABLE person_name_vocab USING fts5vocab(person_name_fts, row);

-- The persons already recorded, from their rows and their name keys.
INSERT INTO person_search (person_id, record_number, names, summary)
SELECT p.id, p.record_number, n.names,
  json_object('id', p.id, 'recordNumber', p.record_number, 'names', json(p.data -> '$.names'), 'sex', p.sex,
    'birth', json(p.data -> '$.birth'), 'nationality', p.nationality, 'arrivalDate', p.arrival_date,
    'legalStatus', p.legal_status, 'siteId', p.site_id)
FROM person p
JOIN (
  SELECT owner, json_group_array(name) AS names
  FROM (
    SELECT CASE WHEN q.status = 'merged' THEN q.merged_into ELSE q.id END AS owner,
      trim(coalesce(json_extract(j.value, '$.given'), '') || ' ' || coalesce(json_extract(j.value, '$.family'), '')) AS name
    FROM person q, json_each(q.data, '$.names') j
    WHERE q.status = 'active' OR (q.status = 'merged' AND q.merged_into IS NOT NULL)
  )
  GROUP BY owner
) n ON n.owner = p.id
WHERE p.status = 'active'
ORDER BY p.rowid;

INSERT INTO person_name_fts (rowid, keys)
SELECT s.seq,
  coalesce(
    (SELECT group_concat(CASE WHEN substr(k.key, 3) GLOB '*[a-z]*' THEN substr(k.key, 3) ELSE '0' || lower(substr(k.key, 3)) END, ' ')
     FROM person_key k WHERE k.person_id = s.person_id AND k.key >= 'n:' AND k.key < 'n;'),
    '')
  || ' 9b' || substr(p.birth_from, 1, 4)
  || CASE WHEN substr(p.birth_to, 1, 4) <> substr(p.birth_from, 1, 4) THEN ' 9b' || substr(p.birth_to, 1, 4) ELSE '' END
  || ' 9s' || substr(p.sex, 1, 1)
FROM person_search s JOIN person p ON p.id = s.person_id;

DELETE FROM person_key WHERE key >= 'n:' AND key < 'n;';
