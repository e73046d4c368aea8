# shape: wkgsh:QuantitativeClaim-value
# focus: id:claim-wco-customs-administrations-2022
# path: schema:value
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure without its value
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { schema:value }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
