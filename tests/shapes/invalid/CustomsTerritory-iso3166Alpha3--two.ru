# shape: wkgsh:CustomsTerritory-iso3166Alpha3
# focus: id:territory-fra
# path: wkg:iso3166Alpha3
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two alpha-3 codes
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:iso3166Alpha3 "FXX" . id:territory-fra dcterms:identifier "FXX" . } } ;
