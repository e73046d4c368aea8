# shape: wkgsh:Organization-location
# focus: id:wco
# path: schema:location
# component: sh:NodeConstraintComponent
# severity: Violation
# why: the location given as the headquarters site instead of a city or country
DELETE { GRAPH ?g { id:wco ?p ?old } }
INSERT { GRAPH ?g { id:wco ?p id:wco-headquarters } }
WHERE {
  VALUES ?p { schema:location }
  GRAPH ?g { id:wco ?p ?old }
} ;
