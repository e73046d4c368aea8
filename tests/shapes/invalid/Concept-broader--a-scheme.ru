# shape: wkgsh:Concept-broader
# focus: id:activity-joint-operations
# path: skos:broader
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a broader 'concept' that is the scheme
DELETE { GRAPH ?g { id:activity-joint-operations ?p ?old } }
INSERT { GRAPH ?g { id:activity-joint-operations ?p id:activity-types } }
WHERE {
  VALUES ?p { skos:broader }
  GRAPH ?g { id:activity-joint-operations ?p ?old }
} ;
