# shape: wkgsh:QuantitativeClaim
# constraint: wkgsh:QuantitativeClaim-notBeforeFounding
# focus: id:claim-wco-customs-administrations-2022
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a figure about the WCO stated in 1950, before its 1952 founding
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p "1950"^^xsd:gYear } }
WHERE {
  VALUES ?p { wkg:statedOn dcterms:date }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
