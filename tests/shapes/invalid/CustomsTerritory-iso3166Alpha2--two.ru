# shape: wkgsh:CustomsTerritory-iso3166Alpha2
# focus: id:territory-fra
# path: wkg:iso3166Alpha2
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two alpha-2 codes
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:iso3166Alpha2 "FX" . id:territory-fra dcterms:identifier "FX" . } } ;
