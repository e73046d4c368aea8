# shape: wkgsh:VoidDataset-source
# focus: graph:ror
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a graph's source given as a web address instead of a source document
INSERT DATA { GRAPH graph:sources {
  graph:ror dcterms:source <https://ror.org/04s5mat29> .
} } ;
