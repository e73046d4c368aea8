# shape: wkgsh:Partnership-source
# focus: id:partnership-big-wco
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a source given as a web address instead of a described source document
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?old } }
INSERT { GRAPH ?g { id:partnership-big-wco ?p <https://biglobalization.org/> } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:partnership-big-wco ?p ?old }
} ;
