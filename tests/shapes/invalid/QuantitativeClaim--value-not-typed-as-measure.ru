# shape: wkgsh:QuantitativeClaim
# constraint: wkgsh:QuantitativeClaim-valueMatchesMeasure
# focus: id:claim-wco-world-trade-share-2022
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a share written as the integer 98 where its measure is an xsd:decimal
DELETE { GRAPH ?g { id:claim-wco-world-trade-share-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-world-trade-share-2022 ?p 98 } }
WHERE {
  VALUES ?p { schema:value }
  GRAPH ?g { id:claim-wco-world-trade-share-2022 ?p ?old }
} ;
