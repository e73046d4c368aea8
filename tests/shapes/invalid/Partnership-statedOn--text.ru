# shape: wkgsh:Partnership-statedOn
# focus: id:partnership-big-wco
# path: wkg:statedOn
# component: sh:OrConstraintComponent
# severity: Violation
# why: a statement date written as words
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?old } }
INSERT { GRAPH ?g { id:partnership-big-wco ?p "in 2022" } }
WHERE {
  VALUES ?p { wkg:statedOn dcterms:date }
  GRAPH ?g { id:partnership-big-wco ?p ?old }
} ;
