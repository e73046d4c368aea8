# shape: wkgsh:QuantitativeClaim-unitText
# focus: id:claim-wco-customs-administrations-2022
# path: schema:unitText
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure without its unit
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { schema:unitText }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
