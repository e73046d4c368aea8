# shape: wkgsh:FactRecord-derivation
# focus: id:fact-fra-region
# path: wkg:derivation
# component: sh:InConstraintComponent
# severity: Violation
# why: "inferred", which groups the kinds of inference, given as one
DELETE { GRAPH ?g { id:fact-fra-region ?p id:derivation-read } }
INSERT { GRAPH ?g { id:fact-fra-region ?p id:derivation-inferred } }
WHERE {
  VALUES ?p { wkg:derivation }
  GRAPH ?g { id:fact-fra-region ?p id:derivation-read }
} ;
