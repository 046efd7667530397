// name: fused_documents
// description: e-mail addresses, identity documents (driver's licence, state id, FBI number;
//   a social security number only as its keyed hash) and weapons with a serial number become
//   nodes shared by every agency, like phones, plates and addresses (graph/identifiers.py;
//   `db init` then adds them for the people an older graph holds).

CREATE CONSTRAINT email_uid IF NOT EXISTS FOR (n:Email) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT document_uid IF NOT EXISTS FOR (n:Document) REQUIRE n.uid IS UNIQUE;
CREATE INDEX email_email IF NOT EXISTS FOR (n:Email) ON (n.email);
CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.number);
CREATE INDEX weapon_serial IF NOT EXISTS FOR (n:Weapon) ON (n.serial);
CREATE INDEX email_shared IF NOT EXISTS FOR (n:Email) ON (n.shared);
CREATE INDEX document_shared IF NOT EXISTS FOR (n:Document) ON (n.shared);
CREATE INDEX weapon_shared IF NOT EXISTS FOR (n:Weapon) ON (n.shared);
CREATE INDEX document_number_hash IF NOT EXISTS FOR (n:Document) ON (n.number_hash);
