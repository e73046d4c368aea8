# shape: wkgsh:FactRecord-subject
# focus: id:fact-fra-region
# path: rdf:subject
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a record without its subject
DELETE { GRAPH ?g { id:fact-fra-region ?p ?o } }
WHERE {
  VALUES ?p { rdf:subject }
  GRAPH ?g { id:fact-fra-region ?p ?o }
} ;
