# shape: wkgsh:Event-date
# focus: id:ccc-inaugural-session
# path: dcterms:date
# component: sh:OrConstraintComponent
# severity: Violation
# why: a date written as words
DELETE { GRAPH ?g { id:ccc-inaugural-session ?p ?old } }
INSERT { GRAPH ?g { id:ccc-inaugural-session ?p "26 January 1953" } }
WHERE {
  VALUES ?p { dcterms:date }
  GRAPH ?g { id:ccc-inaugural-session ?p ?old }
} ;
