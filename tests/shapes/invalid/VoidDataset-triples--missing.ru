# shape: wkgsh:VoidDataset-triples
# focus: graph:ror
# path: void:triples
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a subset without its size
DELETE { GRAPH ?g { graph:ror ?p ?o } }
WHERE {
  VALUES ?p { void:triples }
  GRAPH ?g { graph:ror ?p ?o }
} ;
