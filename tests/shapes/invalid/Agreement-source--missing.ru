# shape: wkgsh:Agreement-source
# focus: id:mou-wco-uvic-2021
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an agreement without a source
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?o }
} ;
