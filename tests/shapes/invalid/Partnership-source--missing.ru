# shape: wkgsh:Partnership-source
# focus: id:partnership-big-wco
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a partnership without a source
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:partnership-big-wco ?p ?o }
} ;
