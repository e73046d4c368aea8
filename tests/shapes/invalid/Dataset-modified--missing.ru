# shape: wkgsh:Dataset-modified
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:modified
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a dataset without a modification date
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcterms:modified }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
