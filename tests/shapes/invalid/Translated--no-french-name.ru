# shape: wkgsh:Translated
# constraint: wkgsh:Translated-french
# focus: id:canada
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Warning
# why: a country named in English only
DELETE { GRAPH ?g { id:canada ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:canada ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "fr"))
} ;
