# shape: wkgsh:QuantitativeClaim-approximate
# focus: id:claim-wco-customs-administrations-2022
# path: wkg:approximate
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: 'approximate' written as text
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p "no" } }
WHERE {
  VALUES ?p { wkg:approximate }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
