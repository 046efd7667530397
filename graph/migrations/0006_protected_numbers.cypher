// name: protected_numbers
// description: a social security number is kept only as a keyed hash (graph/protected.py;
//   `db init` then hashes what an older graph holds in clear). The search box finds a
//   person by the number typed, through the hash of what was typed, and by an e-mail
//   address typed in any case.

CREATE INDEX person_ssn_hash IF NOT EXISTS FOR (n:Person) ON (n.ssn_hash);
CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email);
