// name: pending_matches
// title: Possible duplicates waiting for review
// description: Pairs of person records that entity resolution sent to review, most likely first.
// category: data quality
// parameters:
//   limit: {type: integer, default: 100, description: how many}
// returns: table
// revision: 1
MATCH (a:Person)-[s:SAME_AS {status: 'review'}]->(b:Person)
WHERE a.agency IN $agencies AND b.agency IN $agencies
RETURN a.name AS left_name, a.agency AS left_agency, b.name AS right_name,
       b.agency AS right_agency, round(s.score, 3) AS score, a.uid AS left_uid, b.uid AS right_uid
ORDER BY score DESC
LIMIT $limit
