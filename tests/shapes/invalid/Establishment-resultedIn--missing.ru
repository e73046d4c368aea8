# shape: wkgsh:Establishment-resultedIn
# focus: id:wco-establishment
# path: org:resultedIn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an establishment that does not say what it established
DELETE { GRAPH ?g { id:wco-establishment ?p ?o } }
WHERE {
  VALUES ?p { org:resultedIn }
  GRAPH ?g { id:wco-establishment ?p ?o }
} ;
