// Intelligence records (entities and links) whose 28 CFR Part 23 review date is on or before
// $due_by, oldest first.
CALL () {
  MATCH (n:Person|Location|Vehicle|Phone|Email|Document|Gang|Incident|Offense|Drug|Arrest|Weapon)  // the case-data labels: never a scan of all nodes
  WHERE n.record_class = 'intelligence' AND n.review_due <= date($due_by)
  RETURN labels(n)[0] AS kind, n.uid AS uid, n.agency AS agency, n.review_due AS review_due,
         n.submitted_by AS submitted_by, n.criminal_predicate AS criminal_predicate
  UNION
  MATCH ()-[r]->()
  WHERE r.record_class = 'intelligence' AND r.review_due <= date($due_by)
  RETURN type(r) AS kind, r.uid AS uid, r.agency AS agency, r.review_due AS review_due,
         r.submitted_by AS submitted_by, r.criminal_predicate AS criminal_predicate
}
RETURN kind, uid, agency, review_due, submitted_by, criminal_predicate
ORDER BY review_due, uid
