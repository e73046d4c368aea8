# shape: wkgsh:CustomsTerritory-wikidataId
# focus: id:territory-fra
# path: wkg:wikidataId
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a territory without its Wikidata ID
DELETE { GRAPH ?g { id:territory-fra ?p "Q142" } }
WHERE {
  VALUES ?p { wkg:wikidataId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "Q142" }
} ;
