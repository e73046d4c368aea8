# shape: wkgsh:CustomsTerritory-geonamesId
# focus: id:territory-fra
# path: wkg:geonamesId
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two GeoNames IDs (each with its link)
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:geonamesId "3017383" . id:territory-fra dcterms:identifier "3017383" . } } ;
INSERT DATA { GRAPH graph:wco-members { id:territory-fra skos:exactMatch <https://sws.geonames.org/3017383/> . } } ;
