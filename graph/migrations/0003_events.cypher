// name: events
// description: events and meetings (the second mode of a two-mode network: people attending
//   meetings), and the uid indexes of the links edge lists now write.

CREATE CONSTRAINT event_uid IF NOT EXISTS FOR (n:Event) REQUIRE n.uid IS UNIQUE;
CREATE INDEX event_name IF NOT EXISTS FOR (n:Event) ON (n.name);
CREATE INDEX attended_uid IF NOT EXISTS FOR ()-[r:ATTENDED]-() ON (r.uid);
CREATE INDEX seen_at_uid IF NOT EXISTS FOR ()-[r:SEEN_AT]-() ON (r.uid);
CREATE INDEX uses_uid IF NOT EXISTS FOR ()-[r:USES]-() ON (r.uid);
