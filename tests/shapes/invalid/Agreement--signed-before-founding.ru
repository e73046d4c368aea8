# shape: wkgsh:Agreement
# constraint: wkgsh:Agreement-notBeforeFounding
# focus: id:mou-wco-uvic-2021
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: an agreement with the WCO signed in 1951, before the WCO's 1952 founding
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old } }
INSERT { GRAPH ?g { id:mou-wco-uvic-2021 ?p "1951"^^xsd:gYear } }
WHERE {
  VALUES ?p { wkg:signedOn dcterms:date }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old }
} ;
