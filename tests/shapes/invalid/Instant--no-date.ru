# shape: wkgsh:Instant
# constraint: wkgsh:Instant-oneDate
# focus: id:membership-saunders-wco-sg-start
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: an instant without a date
DELETE { GRAPH ?g { id:membership-saunders-wco-sg-start ?p ?o } }
WHERE {
  VALUES ?p { time:inXSDDate }
  GRAPH ?g { id:membership-saunders-wco-sg-start ?p ?o }
} ;
