# shape: wkgsh:Organization-independent
# focus: id:wco
# path: wkg:independent
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: the WCO said to be both independent and not
INSERT DATA { GRAPH graph:big-partner-profile {
  id:wco wkg:independent false .
} } ;
