// A reviewer re-validated intelligence records: the next review is 5 years from today.
UNWIND $uids AS id
CALL (id) {
  MATCH (n {uid: id}) WHERE n.record_class = 'intelligence' RETURN n AS x
  UNION
  MATCH ()-[r {uid: id}]->() WHERE r.record_class = 'intelligence' RETURN r AS x
}
SET x.review_due = date() + duration('P5Y'), x.reviewed_by = $reviewer,
    x.reviewed_at = datetime(), x.review_reason = $reason
RETURN count(x) AS renewed
