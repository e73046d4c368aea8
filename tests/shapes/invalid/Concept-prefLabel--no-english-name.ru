# shape: wkgsh:Concept-prefLabel
# focus: id:activity-joint-operations
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a concept with only a French name
DELETE { GRAPH ?g { id:activity-joint-operations ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:activity-joint-operations ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
