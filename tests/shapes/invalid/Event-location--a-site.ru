# shape: wkgsh:Event-location
# focus: id:ccc-conventions-signing
# path: schema:location
# component: sh:NodeConstraintComponent
# severity: Violation
# why: an event located at an address instead of a city or country
DELETE { GRAPH ?g { id:ccc-conventions-signing ?p ?old } }
INSERT { GRAPH ?g { id:ccc-conventions-signing ?p id:wco-headquarters-address } }
WHERE {
  VALUES ?p { schema:location }
  GRAPH ?g { id:ccc-conventions-signing ?p ?old }
} ;
