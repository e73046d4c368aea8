# shape: wkgsh:Event-prefLabel
# focus: id:ccc-inaugural-session
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: an event with only a French name
DELETE { GRAPH ?g { id:ccc-inaugural-session ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:ccc-inaugural-session ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
