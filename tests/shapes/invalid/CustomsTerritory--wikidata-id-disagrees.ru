# shape: wkgsh:CustomsTerritory
# constraint: wkgsh:CustomsTerritory-codesAgree
# focus: id:territory-fra
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a Wikidata ID that is not the number of the linked item
DELETE { GRAPH ?g { id:territory-fra ?p "Q142" } }
INSERT { GRAPH ?g { id:territory-fra ?p "Q1" } }
WHERE {
  VALUES ?p { wkg:wikidataId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "Q142" }
} ;
