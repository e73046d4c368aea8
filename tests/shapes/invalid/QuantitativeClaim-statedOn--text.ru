# shape: wkgsh:QuantitativeClaim-statedOn
# focus: id:claim-wco-customs-administrations-2022
# path: wkg:statedOn
# component: sh:OrConstraintComponent
# severity: Violation
# why: a statement date written as a plain string
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p "2022" } }
WHERE {
  VALUES ?p { wkg:statedOn dcterms:date }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
