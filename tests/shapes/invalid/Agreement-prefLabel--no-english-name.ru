# shape: wkgsh:Agreement-prefLabel
# focus: id:mou-wco-uvic-2021
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: an agreement with only a French name
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
