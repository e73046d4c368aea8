# shape: wkgsh:VoidDataset-triples
# focus: graph:ror
# path: void:triples
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a size written as text
DELETE { GRAPH ?g { graph:ror ?p ?old } }
INSERT { GRAPH ?g { graph:ror ?p "1" } }
WHERE {
  VALUES ?p { void:triples }
  GRAPH ?g { graph:ror ?p ?old }
} ;
