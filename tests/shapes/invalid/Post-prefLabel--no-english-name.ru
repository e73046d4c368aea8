# shape: wkgsh:Post-prefLabel
# focus: id:post-wco-secretary-general
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a post with only a French name
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:post-wco-secretary-general ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
