# shape: wkgsh:Dataset-title
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:title
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a dataset without a title
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcterms:title }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
