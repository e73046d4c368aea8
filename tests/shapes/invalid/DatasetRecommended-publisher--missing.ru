# shape: wkgsh:DatasetRecommended-publisher
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:publisher
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a dataset without a publisher
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcterms:publisher }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
