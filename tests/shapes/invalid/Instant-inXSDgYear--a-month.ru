# shape: wkgsh:Instant-inXSDgYear
# focus: id:membership-trevino-wco-dsg-start
# path: time:inXSDgYear
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a month given as the year
DELETE { GRAPH ?g { id:membership-trevino-wco-dsg-start time:inXSDgYearMonth ?m } }
INSERT { GRAPH ?g { id:membership-trevino-wco-dsg-start time:inXSDgYear ?m } }
WHERE { GRAPH ?g { id:membership-trevino-wco-dsg-start time:inXSDgYearMonth ?m } } ;
