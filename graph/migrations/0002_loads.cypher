// name: loads
// description: one (:Load) node per load run (who, when, files, checksums, counts,
//   quarantined, checkpoint); relationship uids for idempotent MERGE of links.

CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.load_id IS UNIQUE;
CREATE INDEX load_started_at IF NOT EXISTS FOR (n:Load) ON (n.started_at);
CREATE INDEX involved_in_uid IF NOT EXISTS FOR ()-[r:INVOLVED_IN]-() ON (r.uid);
CREATE INDEX knows_uid IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.uid);
CREATE INDEX called_uid IF NOT EXISTS FOR ()-[r:CALLED]-() ON (r.uid);
CREATE INDEX member_of_uid IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.uid);
