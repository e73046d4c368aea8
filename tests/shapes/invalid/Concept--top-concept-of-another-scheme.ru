# shape: wkgsh:Concept
# constraint: wkgsh:Concept-topConceptInScheme
# focus: id:package-ecp
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a package said to be a top concept of the activity scheme it is not in
DELETE { GRAPH ?g { id:package-ecp ?p ?old } }
INSERT { GRAPH ?g { id:package-ecp ?p id:activity-types } }
WHERE {
  VALUES ?p { skos:topConceptOf }
  GRAPH ?g { id:package-ecp ?p ?old }
} ;
