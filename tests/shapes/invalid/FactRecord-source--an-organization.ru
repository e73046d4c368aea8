# shape: wkgsh:FactRecord-source
# focus: id:fact-fra-region
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: an organization named as the source
DELETE { GRAPH ?g { id:fact-fra-region ?p id:source-wco-members-csv } }
INSERT { GRAPH ?g { id:fact-fra-region ?p id:wco } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:fact-fra-region ?p id:source-wco-members-csv }
} ;
