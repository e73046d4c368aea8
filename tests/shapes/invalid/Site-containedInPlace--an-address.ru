# shape: wkgsh:Site-containedInPlace
# focus: id:wco-headquarters
# path: schema:containedInPlace
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a site placed in its postal address instead of a city
DELETE { GRAPH ?g { id:wco-headquarters ?p ?old } }
INSERT { GRAPH ?g { id:wco-headquarters ?p id:wco-headquarters-address } }
WHERE {
  VALUES ?p { schema:containedInPlace }
  GRAPH ?g { id:wco-headquarters ?p ?old }
} ;
