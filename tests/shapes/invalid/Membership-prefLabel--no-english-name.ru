# shape: wkgsh:Membership-prefLabel
# focus: id:membership-saunders-wco-sg
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a membership with only a French name
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
