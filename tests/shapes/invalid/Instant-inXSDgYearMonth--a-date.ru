# shape: wkgsh:Instant-inXSDgYearMonth
# focus: id:membership-trevino-wco-dsg-start
# path: time:inXSDgYearMonth
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a full date given as the month
DELETE { GRAPH ?g { id:membership-trevino-wco-dsg-start ?p ?old } }
INSERT { GRAPH ?g { id:membership-trevino-wco-dsg-start ?p "2018-01-01"^^xsd:date } }
WHERE {
  VALUES ?p { time:inXSDgYearMonth }
  GRAPH ?g { id:membership-trevino-wco-dsg-start ?p ?old }
} ;
