# shape: wkgsh:CustomsTerritory-wikidataId
# focus: id:territory-fra
# path: wkg:wikidataId
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two Wikidata IDs
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:wikidataId "Q999999" . id:territory-fra dcterms:identifier "Q999999" . } } ;
