# shape: wkgsh:Organization-prefLabel
# focus: id:university-of-victoria
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: an organization with only a French name
DELETE { GRAPH ?g { id:university-of-victoria ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:university-of-victoria ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
