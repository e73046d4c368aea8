# shape: wkgsh:QuantitativeClaim-value
# focus: id:claim-wco-customs-administrations-2022
# path: schema:value
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a value that is a link instead of a number
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p id:wco } }
WHERE {
  VALUES ?p { schema:value }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
