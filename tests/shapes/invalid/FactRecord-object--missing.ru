# shape: wkgsh:FactRecord-object
# focus: id:fact-fra-region
# path: rdf:object
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a record without its value
DELETE { GRAPH ?g { id:fact-fra-region ?p ?o } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-fra-region ?p ?o }
} ;
