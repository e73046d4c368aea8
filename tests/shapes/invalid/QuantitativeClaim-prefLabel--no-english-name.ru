# shape: wkgsh:QuantitativeClaim-prefLabel
# focus: id:claim-wco-customs-administrations-2022
# path: skos:prefLabel
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: a claim with only a French name
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?name } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?name }
  FILTER (LANGMATCHES(LANG(?name), "en"))
} ;
