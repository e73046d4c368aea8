# shape: wkgsh:ConceptScheme-prefLabel
# focus: id:roles
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a scheme with only a French name
DELETE { GRAPH ?g { id:roles ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:roles ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
