# shape: wkgsh:Agreement-source
# focus: id:mou-wco-uvic-2021
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a source given as the publishing organization instead of the document
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old } }
INSERT { GRAPH ?g { id:mou-wco-uvic-2021 ?p id:borders-in-globalization } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old }
} ;
