# shape: wkgsh:Concept-inScheme
# focus: id:activity-joint-operations
# path: skos:inScheme
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a concept 'in' another concept instead of a scheme
DELETE { GRAPH ?g { id:activity-joint-operations ?p ?old } }
INSERT { GRAPH ?g { id:activity-joint-operations ?p id:activity-cooperation } }
WHERE {
  VALUES ?p { skos:inScheme }
  GRAPH ?g { id:activity-joint-operations ?p ?old }
} ;
