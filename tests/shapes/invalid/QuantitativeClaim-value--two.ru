# shape: wkgsh:QuantitativeClaim-value
# focus: id:claim-wco-customs-administrations-2022
# path: schema:value
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one claim with two values
INSERT DATA { GRAPH graph:big-partner-profile {
  id:claim-wco-customs-administrations-2022 schema:value 185 .
} } ;
