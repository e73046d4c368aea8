# shape: wkgsh:Place-prefLabel
# focus: id:canada
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a country with only a French name
DELETE { GRAPH ?g { id:canada ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:canada ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
