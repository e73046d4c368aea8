# shape: wkgsh:CustomsTerritory-unM49
# focus: id:territory-fra
# path: wkg:unM49
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two M49 codes
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:unM49 "249" . id:territory-fra dcterms:identifier "249" . } } ;
