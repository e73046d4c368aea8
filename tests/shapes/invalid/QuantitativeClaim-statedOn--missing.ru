# shape: wkgsh:QuantitativeClaim-statedOn
# focus: id:claim-wco-customs-administrations-2022
# path: wkg:statedOn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure without the date it was stated
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { wkg:statedOn dcterms:date }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
