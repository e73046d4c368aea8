# shape: wkgsh:CustomsTerritory-wikidataId
# focus: id:territory-fra
# path: wkg:wikidataId
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a Wikidata ID tagged as English text
DELETE { GRAPH ?g { id:territory-fra ?p "Q142" } }
INSERT { GRAPH ?g { id:territory-fra ?p "Q142"@en } }
WHERE {
  VALUES ?p { wkg:wikidataId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "Q142" }
} ;
