# shape: wkgsh:Establishment-resultedIn
# focus: id:wco-establishment
# path: org:resultedIn
# component: sh:NodeConstraintComponent
# severity: Violation
# why: an establishment that resulted in a site
DELETE { GRAPH ?g { id:wco-establishment ?p ?old } }
INSERT { GRAPH ?g { id:wco-establishment ?p id:wco-headquarters } }
WHERE {
  VALUES ?p { org:resultedIn }
  GRAPH ?g { id:wco-establishment ?p ?old }
} ;
