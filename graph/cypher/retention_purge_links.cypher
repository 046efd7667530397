// Delete intelligence links due before $before (their ends stay unless purged themselves).
MATCH ()-[r]->()
WHERE r.record_class = 'intelligence' AND r.review_due < date($before)
WITH r, r.uid AS uid, type(r) AS kind, r.agency AS agency, r.review_due AS due
DELETE r
RETURN kind, uid, agency, due
