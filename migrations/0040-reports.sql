-- The reports (use of the PHR, health monitoring) read compact projections of the record, kept up to
-- date by src/reports/projection.ts in the transaction of every change to a person, episode or entry,
-- so that a report over a million persons reads a few narrow index ranges and never a JSON document.
-- Every column is a small integer (days as YYYYMMDD, months as YYYYMM; sex, legal status, episode
-- type and age band as their position in src/reports/schemas.ts and src/domain) or a country code.
-- Facts are held under the person record that owns them: a record merged into another has its
-- episodes counted under the one it was merged into, with that record's sex, nationality and age.
-- Monthly sums of the rows, kept by triggers, serve reports over whole months. Nothing here is new
-- information: all of it can be rebuilt from the record (src/reports/projection.ts).

-- Which definitions (src/reports/definitions.ts and the code's version) the projection was built with.
-- '' : not built yet; a mismatch makes the app rebuild it before any report is computed.
-- summing = 0 while the whole projection is rebuilt: the triggers below stand still, and the monthly
-- sums are computed once at the end.
CREATE TABLE report_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  definitions TEXT NOT NULL,
  built_at TEXT,
  summing INTEGER NOT NULL DEFAULT 1 CHECK (summing IN (0, 1))
) STRICT;
INSERT INTO report_state (id, definitions) VALUES (1, '');

-- Centres (site ids) by a small number.
CREATE TABLE report_site (
  key INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL UNIQUE
) STRICT;

-- One row per person record, whatever its status: records created (counted = active), and the key
-- its facts are held under. owner: the key of the record whose facts include this record's episodes
-- (its own, or the one it was merged into); NULL when none do.
CREATE TABLE report_person (
  key INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL UNIQUE REFERENCES person (id),
  owner INTEGER,
  counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
  day INTEGER NOT NULL,
  month INTEGER NOT NULL,
  site INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL
) STRICT;

CREATE INDEX report_person_owner ON report_person (owner) WHERE owner IS NOT NULL;
CREATE INDEX report_person_month ON report_person (month, site, age, sex, nat, legal, day) WHERE counted = 1;

-- One row per active episode of an active record.
--   docs    active documents attached to it
--   next    for assessments (type 0, 1): the day of the person's next assessment, 99999999 if none;
--           "the last assessment in a period" is then next > the period's last day
--   vacc    for assessments: bit i set when a dose of antigen i (VACCINE_ANTIGENS) is documented or
--           given in any episode of the person up to the next assessment
--   screen  for assessments: two bits per screening test, the strongest result up to the next
--           assessment (0 not done, 1 indeterminate, 2 negative, 3 positive)
CREATE TABLE report_episode (
  person INTEGER NOT NULL,
  day INTEGER NOT NULL,
  month INTEGER NOT NULL,
  site INTEGER NOT NULL,
  type INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  next INTEGER NOT NULL,
  vacc INTEGER NOT NULL,
  screen INTEGER NOT NULL
) STRICT;

CREATE INDEX report_episode_person ON report_episode (person);
-- Covering, in the order of the reports' GROUP BY: a report streams one range of each without sorting.
-- Episodes by month, centre and type (the use report):
CREATE INDEX report_episode_month ON report_episode (month, site, type, age, sex, nat, legal, day, docs);
-- Assessments by month and their vaccinations and screening results (the health report): a few
-- thousand distinct (month, vacc, screen) per report, whose bits are counted outside SQL.
CREATE INDEX report_episode_assessed ON report_episode (month, vacc, screen, type, day, next, site, age, sex, nat, legal) WHERE type < 2;

-- One row per person, measure (condition group, mental-health referral) and day it was recorded on.
-- prev: the previous day the same person had the same measure, 0 if none; "the first time in a
-- period" is then prev < the period's first day, so each person counts once per measure in a period.
CREATE TABLE report_event (
  person INTEGER NOT NULL,
  measure INTEGER NOT NULL,
  day INTEGER NOT NULL,
  month INTEGER NOT NULL,
  site INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL,
  prev INTEGER NOT NULL
) STRICT;

CREATE INDEX report_event_person ON report_event (person);
CREATE INDEX report_event_month ON report_event (month, measure, site, age, sex, nat, legal, day, prev);

-- Monthly sums of the rows above, kept by the triggers below, for reports over whole months (the
-- usual case: a month, a quarter, a year), which then read a few thousand sums instead of every row;
-- a period that starts or ends inside a month reads the rows of those months. Keys in the order of
-- the reports' GROUP BY.
CREATE TABLE report_person_sum (
  month INTEGER NOT NULL,
  site INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (month, site, age, sex, nat, legal)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_episode_sum (
  month INTEGER NOT NULL,
  site INTEGER NOT NULL,
  type INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL,
  n INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (month, site, type, age, sex, nat, legal)
) STRICT, WITHOUT ROWID;

-- Only occurrences whose previous one is in an earlier month (or none): one in the same month as its
-- previous one never counts in a period of whole months. prev_month: the month of prev (0: none).
CREATE TABLE report_event_sum (
  month INTEGER NOT NULL,
  measure INTEGER NOT NULL,
  site INTEGER NOT NULL,
  age INTEGER NOT NULL,
  sex INTEGER NOT NULL,
  nat TEXT NOT NULL,
  legal INTEGER NOT NULL,
  prev_month INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (month, measure, site, age, sex, nat, legal, prev_month)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER report_person_sum_insert AFTER INSERT ON report_person WHEN NEW.counted = 1 AND (SELECT summing FROM report_state) BEGIN
  INSERT INTO report_person_sum (month, site, age, sex, nat, legal, n) VALUES (NEW.month, NEW.site, NEW.age, NEW.sex, NEW.nat, NEW.legal, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_person_sum_delete AFTER DELETE ON report_person WHEN OLD.counted = 1 AND (SELECT summing FROM report_state) BEGIN
  UPDATE report_person_sum SET n = n - 1 WHERE month = OLD.month AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal;
  DELETE FROM report_person_sum WHERE month = OLD.month AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal AND n = 0;
END;
CREATE TRIGGER report_person_sum_update_old AFTER UPDATE OF counted, month, site, age, sex, nat, legal ON report_person WHEN OLD.counted = 1 AND (SELECT summing FROM report_state) BEGIN
  UPDATE report_person_sum SET n = n - 1 WHERE month = OLD.month AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal;
  DELETE FROM report_person_sum WHERE month = OLD.month AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal AND n = 0;
END;
CREATE TRIGGER report_person_sum_update_new AFTER UPDATE OF counted, month, site, age, sex, nat, legal ON report_person WHEN NEW.counted = 1 AND (SELECT summing FROM report_state) BEGIN
  INSERT INTO report_person_sum (month, site, age, sex, nat, legal, n) VALUES (NEW.month, NEW.site, NEW.age, NEW.sex, NEW.nat, NEW.legal, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_episode_sum_insert AFTER INSERT ON report_episode WHEN (SELECT summing FROM report_state) BEGIN
  INSERT INTO report_episode_sum (month, site, type, age, sex, nat, legal, n, docs) VALUES (NEW.month, NEW.site, NEW.type, NEW.age, NEW.sex, NEW.nat, NEW.legal, 1, NEW.docs)
    ON CONFLICT DO UPDATE SET n = n + 1, docs = docs + excluded.docs;
END;
CREATE TRIGGER report_episode_sum_delete AFTER DELETE ON report_episode WHEN (SELECT summing FROM report_state) BEGIN
  UPDATE report_episode_sum SET n = n - 1, docs = docs - OLD.docs
    WHERE month = OLD.month AND site = OLD.site AND type = OLD.type AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal;
  DELETE FROM report_episode_sum
    WHERE month = OLD.month AND site = OLD.site AND type = OLD.type AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal AND n = 0;
END;

CREATE TRIGGER report_event_sum_insert AFTER INSERT ON report_event WHEN NEW.prev / 100 < NEW.month AND (SELECT summing FROM report_state) BEGIN
  INSERT INTO report_event_sum (month, measure, site, age, sex, nat, legal, prev_month, n) VALUES (NEW.month, NEW.measure, NEW.site, NEW.age, NEW.sex, NEW.nat, NEW.legal, NEW.prev / 100, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_event_sum_delete AFTER DELETE ON report_event WHEN OLD.prev / 100 < OLD.month AND (SELECT summing FROM report_state) BEGIN
  UPDATE report_event_sum SET n = n - 1
    WHERE month = OLD.month AND measure = OLD.measure AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal AND prev_month = OLD.prev / 100;
  DELETE FROM report_event_sum
    WHERE month = OLD.month AND measure = OLD.measure AND site = OLD.site AND age = OLD.age AND sex = OLD.sex AND nat = OLD.nat AND legal = OLD.legal AND prev_month = OLD.prev / 100 AND n = 0;
END;

-- Transfers are counted from the access log by method (covering: the log is as long as the record).
CREATE INDEX audit_log_method_at ON audit_log (method, at, outcome, person_id);
