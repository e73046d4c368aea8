# shape: wkgsh:CustomsTerritory-wikidataId
# focus: id:territory-fra
# path: wkg:wikidataId
# component: sh:PatternConstraintComponent
# severity: Violation
# why: a Wikidata ID in lower case (q142)
DELETE { GRAPH ?g { id:territory-fra ?p "Q142" } }
INSERT { GRAPH ?g { id:territory-fra ?p "q142" } }
WHERE {
  VALUES ?p { wkg:wikidataId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "Q142" }
} ;
