# shape: wkgsh:Person-prefLabel
# focus: id:ian-saunders
# path: skos:prefLabel
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a person without a name
DELETE { GRAPH ?g { id:ian-saunders ?p ?o } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:ian-saunders ?p ?o }
} ;
