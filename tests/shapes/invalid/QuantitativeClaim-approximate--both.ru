# shape: wkgsh:QuantitativeClaim-approximate
# focus: id:claim-wco-customs-administrations-2022
# path: wkg:approximate
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a value said to be both approximate and exact
INSERT DATA { GRAPH graph:big-partner-profile {
  id:claim-wco-customs-administrations-2022 wkg:approximate true .
} } ;
