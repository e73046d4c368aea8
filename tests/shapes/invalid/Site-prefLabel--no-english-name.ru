# shape: wkgsh:Site-prefLabel
# focus: id:wco-headquarters
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a site with only a French name
DELETE { GRAPH ?g { id:wco-headquarters ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:wco-headquarters ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
