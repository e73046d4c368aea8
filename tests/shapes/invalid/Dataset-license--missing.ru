# shape: wkgsh:Dataset-license
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:license
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a dataset without a licence
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcterms:license }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
