# shape: wkgsh:Partnership-statedOn
# focus: id:partnership-big-wco
# path: wkg:statedOn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a partnership without the date it was stated
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?o } }
WHERE {
  VALUES ?p { wkg:statedOn dcterms:date }
  GRAPH ?g { id:partnership-big-wco ?p ?o }
} ;
