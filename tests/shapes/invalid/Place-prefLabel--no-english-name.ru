# shape: wkgsh:Place-prefLabel
# focus: id:brussels
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a city with only a French name
DELETE { GRAPH ?g { id:brussels ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:brussels ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
