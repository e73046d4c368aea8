# shape: wkgsh:TerritoryMembership-region
# focus: id:wco-membership-fra
# path: wkg:region
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a membership in two regions
INSERT DATA { GRAPH graph:wco-members { id:wco-membership-fra wkg:region id:wco-region-asia-pacific . } } ;
