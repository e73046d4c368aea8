# shape: wkgsh:Instant-inXSDDate
# focus: id:membership-saunders-wco-sg-start
# path: time:inXSDDate
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a date written as a plain string
DELETE { GRAPH ?g { id:membership-saunders-wco-sg-start ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg-start ?p "2024-01-01" } }
WHERE {
  VALUES ?p { time:inXSDDate }
  GRAPH ?g { id:membership-saunders-wco-sg-start ?p ?old }
} ;
