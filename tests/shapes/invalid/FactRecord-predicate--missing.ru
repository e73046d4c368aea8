# shape: wkgsh:FactRecord-predicate
# focus: id:fact-fra-region
# path: rdf:predicate
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a record without its property
DELETE { GRAPH ?g { id:fact-fra-region ?p ?o } }
WHERE {
  VALUES ?p { rdf:predicate }
  GRAPH ?g { id:fact-fra-region ?p ?o }
} ;
