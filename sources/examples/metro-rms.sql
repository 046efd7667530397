-- A small records-management schema (the tests' stand-in RMS; PostgreSQL and SQLite).
-- updated_at is the change column of every table: the RMS sets it on every insert and
-- update (a trigger, or the application); removals are a status, a flag, or a tombstone row.
CREATE TABLE addresses (
  address_id  INTEGER PRIMARY KEY,
  street      TEXT NOT NULL,
  city        TEXT,
  state       TEXT,
  lat         DOUBLE PRECISION,
  lon         DOUBLE PRECISION,
  updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE persons (
  person_id     INTEGER PRIMARY KEY,
  first_name    TEXT,
  last_name     TEXT,
  dob           TEXT,                        -- as the legacy RMS keeps it: YYYY-MM-DD text
  sex           TEXT,
  moniker       TEXT,
  address_id    INTEGER REFERENCES addresses (address_id),
  status        TEXT NOT NULL DEFAULT 'ACTIVE', -- ACTIVE | SEALED | EXPUNGED | DELETED
  status_reason TEXT,
  updated_at    TIMESTAMP NOT NULL
);
CREATE TABLE phones (
  phone_id    INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL,
  number      TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE vehicles (
  vehicle_id  INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL,
  plate       TEXT NOT NULL,
  plate_state TEXT,
  make        TEXT,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE incidents (
  incident_id     INTEGER PRIMARY KEY,
  incident_number TEXT NOT NULL,
  occurred_on     TEXT,
  offense         TEXT,
  narcotics       INTEGER NOT NULL DEFAULT 0,
  address_id      INTEGER REFERENCES addresses (address_id),
  status          TEXT NOT NULL DEFAULT 'ACTIVE',
  updated_at      TIMESTAMP NOT NULL
);
CREATE TABLE involvements (
  involvement_id INTEGER PRIMARY KEY,
  incident_id    INTEGER NOT NULL,
  person_id      INTEGER NOT NULL,
  role           TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0,
  updated_at     TIMESTAMP NOT NULL
);
CREATE TABLE arrests (
  arrest_id    INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL,
  incident_id  INTEGER,
  arrest_date  TEXT,
  charge       TEXT,
  sealed       INTEGER NOT NULL DEFAULT 0,
  updated_at   TIMESTAMP NOT NULL
);
CREATE TABLE tombstones (
  tombstone_id INTEGER PRIMARY KEY,
  table_name   TEXT NOT NULL,
  record_key   TEXT NOT NULL,
  reason       TEXT,
  removed_at   TIMESTAMP NOT NULL
);
