# shape: wkgsh:VoidDataset
# constraint: wkgsh:VoidDataset-sourceGraphHasSource
# focus: graph:ror
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a source graph that does not say which document its facts come from
DELETE { GRAPH ?g { graph:ror ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { graph:ror ?p ?o }
} ;
