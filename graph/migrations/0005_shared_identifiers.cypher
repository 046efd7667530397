// name: shared_identifiers
// description: phones, vehicles and street addresses become nodes shared by every agency
//   (graph/identifiers.py; `db init` then moves existing agency nodes onto them). A text
//   index lets the search box match a 7-digit local number as the end of a phone number.

CREATE TEXT INDEX phone_number_text IF NOT EXISTS FOR (n:Phone) ON (n.number);
CREATE INDEX location_shared IF NOT EXISTS FOR (n:Location) ON (n.shared);
CREATE INDEX phone_shared IF NOT EXISTS FOR (n:Phone) ON (n.shared);
CREATE INDEX vehicle_shared IF NOT EXISTS FOR (n:Vehicle) ON (n.shared);
