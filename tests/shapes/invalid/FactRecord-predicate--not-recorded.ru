# shape: wkgsh:FactRecord-predicate
# focus: id:fact-fra-region
# path: rdf:predicate
# component: sh:InConstraintComponent
# severity: Violation
# why: a record of a property records are not kept for (a fact the graph states)
DELETE { GRAPH ?g { id:fact-fra-region ?p wkg:region } }
INSERT { GRAPH ?g { id:fact-fra-region ?p org:role } }
WHERE {
  VALUES ?p { rdf:predicate }
  GRAPH ?g { id:fact-fra-region ?p wkg:region }
} ;
DELETE { GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe } }
INSERT { GRAPH ?g { id:fact-fra-region ?p id:role-wco-member } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe }
} ;
