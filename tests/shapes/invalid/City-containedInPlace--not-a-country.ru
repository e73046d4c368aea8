# shape: wkgsh:City-containedInPlace
# focus: id:brussels
# path: schema:containedInPlace
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a city said to lie in the headquarters site instead of a country
DELETE { GRAPH ?g { id:brussels ?p ?old } }
INSERT { GRAPH ?g { id:brussels ?p id:wco-headquarters } }
WHERE {
  VALUES ?p { schema:containedInPlace }
  GRAPH ?g { id:brussels ?p ?old }
} ;
