# shape: wkgsh:Organization-independent
# focus: id:wco
# path: wkg:independent
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: independence written as "yes" instead of a boolean
DELETE { GRAPH ?g { id:wco ?p ?old } }
INSERT { GRAPH ?g { id:wco ?p "yes" } }
WHERE {
  VALUES ?p { wkg:independent }
  GRAPH ?g { id:wco ?p ?old }
} ;
