# shape: wkgsh:CustomsTerritory-memberKind
# focus: id:territory-fra
# path: wkg:memberKind
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a UN member state that is also of kind other
INSERT DATA { GRAPH graph:wco-members { id:territory-fra wkg:memberKind id:member-kind-other . id:territory-fra dcterms:type id:member-kind-other . } } ;
