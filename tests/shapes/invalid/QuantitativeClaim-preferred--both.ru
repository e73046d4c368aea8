# shape: wkgsh:QuantitativeClaim-preferred
# focus: id:claim-wco-members-2026
# path: wkg:preferred
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a claim said to be preferred and not preferred
INSERT DATA { GRAPH graph:editorial { id:claim-wco-members-2026 wkg:preferred false } } ;
