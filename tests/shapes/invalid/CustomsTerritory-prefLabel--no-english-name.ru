# shape: wkgsh:CustomsTerritory-prefLabel
# focus: id:territory-fra
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a territory with only a French name
DELETE { GRAPH ?g { id:territory-fra ?p ?n } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:territory-fra ?p ?n }
  FILTER (LANGMATCHES(LANG(?n), "en"))
} ;
