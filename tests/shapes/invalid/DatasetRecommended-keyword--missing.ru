# shape: wkgsh:DatasetRecommended-keyword
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcat:keyword
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a dataset without keywords
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o } }
WHERE {
  VALUES ?p { dcat:keyword }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?o }
} ;
