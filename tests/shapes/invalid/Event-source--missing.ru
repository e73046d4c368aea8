# shape: wkgsh:Event-source
# focus: id:ccc-inaugural-session
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an event without a source
DELETE { GRAPH ?g { id:ccc-inaugural-session ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:ccc-inaugural-session ?p ?o }
} ;
