# shape: wkgsh:FactRecord-source
# focus: id:fact-fra-region
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a record that names no source
DELETE { GRAPH ?g { id:fact-fra-region ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:fact-fra-region ?p ?o }
} ;
