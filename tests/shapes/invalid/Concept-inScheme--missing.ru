# shape: wkgsh:Concept-inScheme
# focus: id:activity-joint-operations
# path: skos:inScheme
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a concept in no scheme
DELETE { GRAPH ?g { id:activity-joint-operations ?p ?o } }
WHERE {
  VALUES ?p { skos:inScheme }
  GRAPH ?g { id:activity-joint-operations ?p ?o }
} ;
