# shape: wkgsh:Event-date
# focus: id:ccc-inaugural-session
# path: dcterms:date
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an event without a date
DELETE { GRAPH ?g { id:ccc-inaugural-session ?p ?o } }
WHERE {
  VALUES ?p { dcterms:date }
  GRAPH ?g { id:ccc-inaugural-session ?p ?o }
} ;
