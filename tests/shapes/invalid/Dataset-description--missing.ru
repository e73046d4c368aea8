# shape: wkgsh:Dataset-description
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:description
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a dataset without a description
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcterms:description }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
