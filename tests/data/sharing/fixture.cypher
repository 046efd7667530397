// Four agencies for the sharing tests: FBI (federal), TRB (tribal), CPD and CSO (local).
// One subject, Marco Reyes (born 1990-04-02), is recorded by all four. Every record an
// owner holds carries SECRET-<owner> somewhere in its content, so a pointer that leaks any
// content is visible. CPD is the requesting agency in most tests.
CREATE
 (cpd:Person {uid: 'CPD:p1', name: 'Marco Reyes', family_name: 'Reyes', dob: date('1990-04-02'), agency: 'CPD', source_system: 'rms', source_record_id: 'cpd-1', cluster_id: 'S-REYES', record_class: 'incident'}),
 (cpd2:Person {uid: 'CPD:p2', name: 'Lena Ortiz', family_name: 'Ortiz', agency: 'CPD', source_system: 'rms', source_record_id: 'cpd-2', cluster_id: 'S-ORTIZ', record_class: 'incident'}),
 (cso:Person {uid: 'CSO:p1', name: 'Marco A Reyes', family_name: 'Reyes', dob: date('1990-04-02'), moniker: 'SECRET-CSO-moniker', agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-1', cluster_id: 'S-REYES', record_class: 'incident'}),
 (csoi:Person {uid: 'CSO:p2', name: 'M Reyes', family_name: 'Reyes', dob: date('1990-04-02'), moniker: 'SECRET-CSO-intel', agency: 'CSO', source_system: 'cso-gang', source_record_id: 'SECRET-CSO-2', record_class: 'intelligence', criminal_predicate: 'SECRET-CSO predicate', submitted_by: 'Det. SECRET-CSO'}),
 (csoj:Person {uid: 'CSO:p3', name: 'Marco Reyes Jr', family_name: 'Reyes', dob: date('2009-06-01'), juvenile: true, agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-3', record_class: 'incident'}),
 (csi:Incident {uid: 'CSO:i1', incident_number: 'SECRET-CSO-I1', narrative: 'Reyes sold heroin SECRET-CSO narrative', occurred_at: datetime('2024-05-01T10:00:00'), agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-I1', record_class: 'incident'}),
 (csa:Arrest {uid: 'CSO:a1', arrest_date: date('2024-05-02'), charge: 'SECRET-CSO charge', agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-A1', record_class: 'incident'}),
 (trb:Person {uid: 'TRB:p1', name: 'Marco Reyes', family_name: 'Reyes', dob: date('1990-04-02'), moniker: 'SECRET-TRB-moniker', agency: 'TRB', source_system: 'trb-rms', source_record_id: 'SECRET-TRB-1', record_class: 'incident'}),
 (fbi:Person {uid: 'FBI:p1', name: 'Marco Reyes', family_name: 'Reyes', dob: date('1990-04-02'), moniker: 'FBI-shared-moniker', agency: 'FBI', source_system: 'fbi-case', source_record_id: 'FBI-1', cluster_id: 'S-REYES', record_class: 'incident'}),
 (fbii:Person {uid: 'FBI:p2', name: 'Marco Reyes', family_name: 'Reyes', dob: date('1990-04-02'), moniker: 'SECRET-FBI-intel', agency: 'FBI', source_system: 'fbi-intel', source_record_id: 'SECRET-FBI-2', record_class: 'intelligence', criminal_predicate: 'SECRET-FBI predicate', submitted_by: 'SA SECRET-FBI'}),
 (fbin:Incident {uid: 'FBI:i1', incident_number: 'FBI-I1', narrative: 'Reyes seen at stash house', agency: 'FBI', source_system: 'fbi-case', source_record_id: 'FBI-I1', record_class: 'incident'}),
 // a phone every agency's records may link to (no agency on the node)
 (ph:Phone {uid: 'phone:+15550101', number: '+15550101', shared: true}),
 (ph2:Phone {uid: 'phone:+15550202', number: '+15550202', shared: true}),
 (cpd)-[:USES {agency: 'CPD', source_system: 'rms', source_record_id: 'cpd-1', record_class: 'incident'}]->(ph),
 (cso)-[:USES {agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-1', record_class: 'incident'}]->(ph),
 (cso)-[:USES {agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-1', record_class: 'incident'}]->(ph2),
 (cso)-[:INVOLVED_IN {agency: 'CSO', role: 'suspect', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-I1', record_class: 'incident'}]->(csi),
 (cso)-[:ARRESTED {agency: 'CSO', source_system: 'cso-rms', source_record_id: 'SECRET-CSO-A1', record_class: 'incident'}]->(csa),
 (fbi)-[:INVOLVED_IN {agency: 'FBI', role: 'suspect', source_system: 'fbi-case', source_record_id: 'FBI-I1', record_class: 'incident'}]->(fbin),
 (fbii)-[:INVOLVED_IN {agency: 'FBI', role: 'subject', source_system: 'fbi-intel', source_record_id: 'SECRET-FBI-2', record_class: 'intelligence', criminal_predicate: 'SECRET-FBI predicate', submitted_by: 'SA SECRET-FBI'}]->(fbin)
