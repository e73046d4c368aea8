# shape: wkgsh:FactRecord
# constraint: wkgsh:FactRecord-recordsAFact
# focus: id:fact-fra-region
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a record of a region the membership is not in
DELETE { GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe } }
INSERT { GRAPH ?g { id:fact-fra-region ?p id:wco-region-asia-pacific } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe }
} ;
