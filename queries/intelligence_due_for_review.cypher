// name: intelligence_due_for_review
// title: Intelligence records due for 28 CFR Part 23 review
// description: Intelligence entities and links whose review date (submission + 5 years) is on
//   or before the given date; they must be reviewed or purged.
// category: compliance
// parameters:
//   due_by: {type: date, optional: true, description: review due on or before (empty - any)}
// returns: table
// revision: 4
CALL () {
  MATCH (n:Person|Location|Vehicle|Phone|Email|Document|Gang|Incident|Offense|Drug|Arrest|Weapon)  // the case-data labels: never a scan of all nodes
  WHERE n.record_class = 'intelligence' AND n.agency IN $agencies AND ($due_by IS NULL OR n.review_due <= date($due_by))
  RETURN labels(n)[0] AS kind, n.uid AS uid, n.review_due AS review_due, n.submitted_by AS submitted_by,
         n.criminal_predicate AS criminal_predicate, n.agency AS agency
  UNION
  MATCH (a)-[r:MEMBER_OF|KNOWS]->(b)
  WHERE r.record_class = 'intelligence' AND r.agency IN $agencies AND ($due_by IS NULL OR r.review_due <= date($due_by))
    AND a.agency IN $agencies AND b.agency IN $agencies
  RETURN type(r) AS kind, r.uid AS uid, r.review_due AS review_due, r.submitted_by AS submitted_by,
         r.criminal_predicate AS criminal_predicate, r.agency AS agency
}
RETURN kind, uid, review_due, submitted_by, criminal_predicate, agency
ORDER BY review_due, uid
