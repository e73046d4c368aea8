# shape: wkgsh:QuantitativeClaim-source
# focus: id:claim-wco-customs-administrations-2022
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure without a source
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
